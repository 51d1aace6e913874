package io.holdfast.server.api;

import io.holdfast.server.ServerContext;
import io.holdfast.server.audit.AuditLog;
import io.holdfast.server.catalog.Json;
import io.holdfast.server.security.Permission;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** {@code /api/v1/audit}: read and filter the trail, export it, verify its chain. */
final class AuditResource implements Routes.Resource {
    private final ServerContext server;

    AuditResource(ServerContext server) {
        this.server = server;
    }

    @Override
    public void register(Routes r) {
        r.get(
                "/api/v1/audit",
                Permission.AUDIT_READ,
                "Audit rows, newest first (before, actor, action with '*', limit)",
                ctx -> ctx.json(server.audit.list(
                        Requests.longQuery(ctx, "before"),
                        ctx.queryParam("actor"),
                        ctx.queryParam("action"),
                        Requests.intQuery(ctx, "limit", 100))));
        r.get("/api/v1/audit/export", Permission.AUDIT_EXPORT, "The whole trail as JSON lines, oldest first", ctx -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            server.audit.forEach(e -> {
                out.writeBytes(Json.write(e).getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            });
            server.audit.append(Requests.principal(ctx).user(), "audit.export", "audit", Map.of("bytes", out.size()));
            ctx.contentType("application/x-ndjson").result(out.toByteArray());
        });
        r.get(
                "/api/v1/audit/verify",
                Permission.AUDIT_READ,
                "Walk the hash chain; names the first edited, removed or" + " reordered row",
                ctx -> {
                    AuditLog.Verification v = server.audit.verify();
                    ctx.json(v);
                });
    }
}

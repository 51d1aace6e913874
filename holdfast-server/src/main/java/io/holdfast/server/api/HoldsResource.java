package io.holdfast.server.api;

import io.holdfast.client.Holdfast;
import io.holdfast.engine.Snapshots;
import io.holdfast.engine.maintenance.MaintenanceProgress;
import io.holdfast.engine.retention.Holds;
import io.holdfast.server.ServerContext;
import io.holdfast.server.catalog.Copies;
import io.holdfast.server.catalog.Targets;
import io.holdfast.server.jobs.Repos;
import io.holdfast.server.security.Permission;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Legal holds on copies (docs/design.md §2.3): the hold is recorded in the repository itself (so the CLI and every
 * server see it) and, on S3 with Object Lock, put on every file the snapshot needs. Adding one needs {@code hold:add}
 * (admin, security-officer); lifting one needs {@code hold:remove}, which only the security officer holds.
 */
final class HoldsResource implements Routes.Resource {
    /** The body of hold and release: why. */
    record HoldRequest(@Nullable String reason) {}

    private final ServerContext server;

    HoldsResource(ServerContext server) {
        this.server = server;
    }

    @Override
    public void register(Routes r) {
        r.get("/api/v1/holds", Permission.COPY_READ, "The copies under a legal hold in one target (target)", ctx -> {
            String t = ctx.queryParam("target");
            if (t == null) {
                throw ApiException.badRequest("give the target: ?target=NAME");
            }
            Targets.Access target = TargetsResource.access(server, t);
            List<Map<String, Object>> out = new ArrayList<>();
            try (Holdfast hf = Repos.openReadOnly(target)) {
                for (Holds.Event e : hf.immutability().holds().values()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("target", target.name());
                    m.put("snapshot", e.snapshot().hex());
                    m.put("reason", e.reason());
                    m.put("user", e.user());
                    m.put("at", e.time().toEpochMilli());
                    out.add(m);
                }
            }
            ctx.json(out);
        });
        r.post(
                "/api/v1/copies/{target}/{snapshot}/hold",
                Permission.HOLD_ADD,
                "Put a copy under a legal hold (reason)",
                ctx -> change(ctx, true));
        r.post(
                "/api/v1/copies/{target}/{snapshot}/release",
                Permission.HOLD_REMOVE,
                "Lift a copy's legal hold (reason); security officer only",
                ctx -> change(ctx, false));
    }

    private void change(Context ctx, boolean hold) throws Exception {
        Targets.Access target = TargetsResource.access(server, ctx.pathParam("target"));
        String snap = ctx.pathParam("snapshot");
        Copies.Copy copy =
                server.copies.get(target.id(), snap).orElseThrow(() -> ApiException.notFound("copy " + snap));
        HoldRequest req = Requests.body(ctx, HoldRequest.class);
        if (req.reason() == null || req.reason().isBlank()) {
            throw ApiException.invalid("reason", "a legal hold and its release need a reason");
        }
        String user = Requests.principal(ctx).user();
        int files;
        try (Holdfast hf = Repos.open(target)) {
            Snapshots.Ref ref = hf.snapshot(copy.snapshotId());
            files = hold
                    ? hf.immutability().hold(ref, req.reason(), user, MaintenanceProgress.NONE)
                    : hf.immutability().release(ref, req.reason(), user, MaintenanceProgress.NONE);
        } catch (IllegalArgumentException e) {
            throw ApiException.conflict(String.valueOf(e.getMessage()));
        }
        server.audit.append(
                user,
                hold ? "hold.add" : "hold.remove",
                "copy/" + target.id() + "/" + copy.snapshotId(),
                Map.of("reason", req.reason(), "filesOnStorage", files));
        ctx.json(Map.of("snapshot", copy.snapshotId(), "held", hold, "filesOnStorage", files));
    }
}

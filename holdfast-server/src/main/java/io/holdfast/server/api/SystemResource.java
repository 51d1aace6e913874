package io.holdfast.server.api;

import io.holdfast.server.ServerContext;
import io.holdfast.server.security.Permission;
import io.holdfast.server.security.Principal;
import io.holdfast.server.security.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** {@code /healthz} (no token), {@code /metrics}, the OpenAPI document, {@code whoami} and the roles. */
final class SystemResource implements Routes.Resource {
    private final ServerContext server;
    private final Supplier<List<Route>> routes;

    SystemResource(ServerContext server, Supplier<List<Route>> routes) {
        this.server = server;
        this.routes = routes;
    }

    @Override
    public void register(Routes r) {
        r.get(
                "/healthz",
                Permission.PUBLIC,
                "Liveness: 200 while the server runs",
                ctx -> ctx.json(Map.of("status", "ok")));
        r.get(
                "/metrics",
                Permission.METRICS_READ,
                "Prometheus metrics",
                ctx -> ctx.contentType("text/plain; version=0.0.4").result(server.metrics.scrape()));
        r.get(
                "/api/v1/openapi.json",
                Permission.SERVER_READ,
                "This API's OpenAPI 3.1 document",
                ctx -> ctx.json(OpenApi.document(routes.get(), version())));
        r.get("/api/v1/whoami", Permission.SERVER_READ, "The caller's user, role and permissions", ctx -> {
            Principal p = Requests.principal(ctx);
            List<String> perms = new ArrayList<>();
            for (Permission perm : Permission.values()) {
                if (perm != Permission.PUBLIC && perm.grantedTo(p.role())) {
                    perms.add(perm.label());
                }
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("user", p.user());
            m.put("role", p.role().label());
            m.put("permissions", perms);
            ctx.json(m);
        });
        r.get("/api/v1/roles", Permission.SERVER_READ, "The roles and the permissions each holds", ctx -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Role role : Role.values()) {
                List<String> perms = new ArrayList<>();
                for (Permission perm : Permission.values()) {
                    if (perm != Permission.PUBLIC && perm.grantedTo(role)) {
                        perms.add(perm.label());
                    }
                }
                out.add(Map.of("role", role.label(), "permissions", perms));
            }
            ctx.json(out);
        });
    }

    static String version() {
        String v = SystemResource.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}

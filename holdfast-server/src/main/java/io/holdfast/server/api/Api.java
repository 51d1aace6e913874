package io.holdfast.server.api;

import io.holdfast.server.ServerContext;
import io.holdfast.server.catalog.Json;
import io.holdfast.server.jobs.Scheduler;
import io.holdfast.server.policy.SpecException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.Timer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP API: Javalin (Jetty 12) with every route in {@link Routes}'s table, each needing its {@link
 * io.holdfast.server.security.Permission}. Errors are JSON: {@code {"error":{"code","message","field"}}}.
 */
public final class Api {
    private final Javalin app;
    private final List<Route> routes;

    private Api(Javalin app, List<Route> routes) {
        this.app = app;
        this.routes = routes;
    }

    public static Api create(ServerContext server, Scheduler scheduler, io.holdfast.server.alerting.Alerting alerting) {
        Auth auth = new Auth(server);
        Routes[] holder = new Routes[1];
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.concurrency.useVirtualThreads = true;
            config.http.maxRequestSize = 1 << 20;
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            var tls = server.options.tlsKeystore();
            if (tls != null) {
                config.jetty.addConnector((jetty, http) -> {
                    SslContextFactory.Server ssl = new SslContextFactory.Server();
                    ssl.setKeyStorePath(tls.toAbsolutePath().toString());
                    ssl.setKeyStoreType("PKCS12");
                    ssl.setKeyStorePassword(server.options.tlsPassword());
                    ServerConnector c = new ServerConnector(jetty, ssl);
                    c.setHost(server.options.host());
                    c.setPort(server.options.port());
                    return c;
                });
            }
            Routes r = new Routes(config.routes);
            holder[0] = r;
            config.routes.beforeMatched(ctx -> {
                ctx.attribute("holdfast.start", System.nanoTime());
                auth.check(ctx);
            });
            config.routes.afterMatched(ctx -> record(server, ctx));
            new Dashboard().register(config.routes);
            for (Routes.Resource res : List.of(
                    new SystemResource(server, () -> holder[0].table()),
                    new TargetsResource(server),
                    new AssetsResource(server),
                    new PoliciesResource(server, scheduler),
                    new JobsResource(server),
                    new CopiesResource(server),
                    new CopyFilesResource(server),
                    new StorageResource(server),
                    new SearchResource(server),
                    new HoldsResource(server),
                    new SubjectsResource(server),
                    new AuditResource(server),
                    new AlertsResource(server, alerting),
                    new UsersResource(server))) {
                res.register(r);
            }
            config.routes.exception(
                    ApiException.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage(), e.field()));
            config.routes.exception(
                    SpecException.class, (e, ctx) -> error(ctx, 422, "invalid", e.getMessage(), e.field()));
            config.routes.exception(
                    IllegalArgumentException.class, (e, ctx) -> error(ctx, 400, "bad_request", e.getMessage(), null));
            config.routes.exception(Exception.class, (e, ctx) -> {
                System.err.println("holdfast server: " + ctx.method() + " " + ctx.path() + ": " + e);
                error(ctx, 500, "internal", "internal error: " + e.getClass().getSimpleName(), null);
            });
            config.routes.error(404, ctx -> {
                if (ctx.result() == null || !ctx.result().startsWith("{")) {
                    error(ctx, 404, "not_found", "no route " + ctx.method() + " " + ctx.path(), null);
                }
            });
        });
        return new Api(app, holder[0].table());
    }

    private static void record(ServerContext server, Context ctx) {
        Long start = ctx.attribute("holdfast.start");
        if (start == null || ctx.endpoint() == null) {
            return;
        }
        Timer.builder("holdfast_http_requests")
                .tag("method", ctx.method().name())
                .tag("route", ctx.endpoint().path)
                .tag("status", Integer.toString(ctx.status().getCode()))
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(server.metrics)
                .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    static void error(Context ctx, int status, String code, @Nullable String message, @Nullable String field) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("code", code);
        e.put("message", message == null ? code : message);
        if (field != null) {
            e.put("field", field);
        }
        ctx.status(status).json(Map.of("error", e));
    }

    public Api start(String host, int port) {
        if (routes.isEmpty()) {
            throw new IllegalStateException("no routes");
        }
        app.start(host, port);
        return this;
    }

    public int port() {
        return app.port();
    }

    public List<Route> routes() {
        return routes;
    }

    public void stop() {
        app.stop();
    }
}

package io.holdfast.server;

import io.holdfast.server.alerting.Alerting;
import io.holdfast.server.alerting.Notifier;
import io.holdfast.server.api.Api;
import io.holdfast.server.catalog.Catalog;
import io.holdfast.server.catalog.Users;
import io.holdfast.server.jobs.JobRunner;
import io.holdfast.server.jobs.Scheduler;
import io.holdfast.server.jobs.Sleeper;
import io.holdfast.server.security.Role;
import io.holdfast.server.security.SecretBox;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * {@code holdfast server}: one long-running process with the catalog, the scheduler, the job runner (jobs run in this
 * JVM) and the HTTP API. On first start it makes the {@code admin} user and prints its token once (also written to
 * {@code DATA_DIR/admin.token}, mode 0600).
 */
public final class Server implements AutoCloseable {
    private final ServerContext context;
    private final Scheduler scheduler;
    private final JobRunner runner;
    private final Api api;
    private final Notifier notifier;
    private final Alerting alerting;

    private Server(
            ServerContext context,
            Scheduler scheduler,
            JobRunner runner,
            Api api,
            Notifier notifier,
            Alerting alerting) {
        this.context = context;
        this.scheduler = scheduler;
        this.runner = runner;
        this.api = api;
        this.notifier = notifier;
        this.alerting = alerting;
    }

    public static Server start(ServerOptions o, Clock clock, Sleeper sleeper, PrintWriter out) throws IOException {
        InetAddress addr = InetAddress.getByName(o.host());
        if (!addr.isLoopbackAddress() && o.tlsKeystore() == null) {
            throw new IllegalArgumentException("listening on " + o.host() + " needs TLS: give --tls-keystore FILE"
                    + " (PKCS#12), or listen on 127.0.0.1");
        }
        ServerContext ctx = open(o, clock);
        try {
            if (ctx.users.isEmpty()) {
                Users.NewToken t = ctx.users.createToken(ctx.users.create("admin", Role.ADMIN), "first administrator");
                Path file = o.dataDir().resolve("admin.token");
                Files.deleteIfExists(file);
                SecretBox.PrivateFiles.write(file, t.token() + "\n");
                out.println("Created the administrator token (shown once; also in " + file + ", mode 0600):");
                out.println("  " + t.token());
                ctx.audit.append("system", "token.create", "token/" + t.id(), Map.of("user", "admin", "role", "admin"));
            }
            Scheduler scheduler = new Scheduler(ctx, sleeper);
            Notifier notifier = new Notifier(ctx);
            Alerting alerting = new Alerting(ctx, notifier);
            JobRunner runner = new JobRunner(ctx, sleeper, (job, state, retrying) -> {
                scheduler.finished(job, state, retrying);
                alerting.finished(job, state, retrying);
            });
            Api api = Api.create(ctx, scheduler, alerting);
            notifier.start();
            runner.start();
            scheduler.start();
            alerting.start(sleeper, o.complianceEvery());
            api.start(o.host(), o.port());
            ctx.audit.append(
                    "system",
                    "server.start",
                    "server/" + ctx.node,
                    Map.of(
                            "listen",
                            o.host() + ":" + api.port(),
                            "catalog",
                            ctx.catalog.sqlite() ? "sqlite" : "postgresql"));
            String scheme = o.tlsKeystore() == null ? "http" : "https";
            out.println("Holdfast server listening on " + scheme + "://" + hostForUrl(o.host()) + ":" + api.port()
                    + " (catalog: " + (ctx.catalog.sqlite() ? o.catalog() : "postgresql") + ")");
            out.flush();
            return new Server(ctx, scheduler, runner, api, notifier, alerting);
        } catch (IOException | RuntimeException e) {
            ctx.catalog.close();
            throw e;
        }
    }

    /** Opens the data directory and the catalog without serving (token and audit commands). */
    public static ServerContext open(ServerOptions o, Clock clock) throws IOException {
        Files.createDirectories(o.dataDir());
        SecretBox box = SecretBox.open(o.masterKey());
        Catalog catalog = Catalog.open(o.catalog(), o.catalogUser(), o.catalogPassword());
        return new ServerContext(o, clock, catalog, box, nodeName(o));
    }

    private static String nodeName(ServerOptions o) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        return host + ":" + ProcessHandle.current().pid();
    }

    private static String hostForUrl(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    public int port() {
        return api.port();
    }

    public ServerContext context() {
        return context;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public Alerting alerting() {
        return alerting;
    }

    public Api api() {
        return api;
    }

    @Override
    public void close() throws InterruptedException {
        api.stop();
        scheduler.close();
        alerting.close();
        runner.close();
        notifier.close();
        context.audit.append("system", "server.stop", "server/" + context.node, Map.of());
        context.catalog.close();
    }
}

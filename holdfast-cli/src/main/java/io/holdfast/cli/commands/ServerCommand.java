package io.holdfast.cli.commands;

import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.server.Server;
import io.holdfast.server.ServerContext;
import io.holdfast.server.ServerOptions;
import io.holdfast.server.audit.AuditLog;
import io.holdfast.server.catalog.Users;
import io.holdfast.server.jobs.Sleeper;
import io.holdfast.server.security.Role;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code holdfast server}: runs the protection manager (docs/server.md); {@code token create}, {@code audit verify}. */
@Command(
        name = "server",
        description = {
            "Run the protection manager: policies, schedules, jobs (run in this process), the catalog of copies, the"
                    + " REST API with roles and the audit trail. Listens on 127.0.0.1:8750 by default; the first start"
                    + " prints an administrator token. See docs/server.md."
        },
        subcommands = {ServerCommand.TokenCreate.class, ServerCommand.AuditVerify.class})
public final class ServerCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    @Mixin
    Place place = new Place();

    @Option(
            names = "--listen",
            paramLabel = "HOST:PORT",
            description = "Address to listen on (default: 127.0.0.1:8750;"
                    + " port 0 picks a free one). Anything but loopback needs --tls-keystore.")
    String listen = "127.0.0.1:" + ServerOptions.DEFAULT_PORT;

    @Option(
            names = "--tls-keystore",
            paramLabel = "FILE",
            description = "PKCS#12 file with the server's certificate"
                    + " and key; its password from HOLDFAST_SERVER_TLS_PASSWORD.")
    @Nullable
    Path tlsKeystore;

    @Option(
            names = "--restore-root",
            paramLabel = "DIR",
            description =
                    "Restores through the API may write only under" + " DIR (repeatable; default: DATA_DIR/restores).")
    List<Path> restoreRoots = new ArrayList<>();

    @Option(
            names = "--workers",
            paramLabel = "N",
            description = "Jobs run at the same time (default: the number of" + " processors, at least 2).")
    int workers;

    public ServerCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    /** Where the server keeps its state: shared by the server and its admin subcommands. */
    public static final class Place {
        @Option(
                names = "--data-dir",
                paramLabel = "DIR",
                description = "Catalog, master key and first token" + " (default: ~/.holdfast/server).")
        @Nullable
        Path dataDir;

        @Option(
                names = "--catalog",
                paramLabel = "URL",
                description = "jdbc:postgresql://HOST/DB for a PostgreSQL"
                        + " catalog (user and password from HOLDFAST_CATALOG_USER, HOLDFAST_CATALOG_PASSWORD); default: SQLite"
                        + " in the data directory.")
        @Nullable
        String catalog;

        @Option(
                names = "--master-key-file",
                paramLabel = "FILE",
                description = "The key that seals stored secrets"
                        + " (default: DATA_DIR/master.key, made on first start; keep a copy apart from the catalog).")
        @Nullable
        Path masterKey;

        ServerOptions options(GlobalOptions g) {
            Path dir = dataDir;
            if (dir == null) {
                String home = g.environment().firstEnv("HOME");
                dir = Path.of(home == null ? System.getProperty("user.home") : home, ".holdfast", "server");
            }
            String user = g.environment().firstEnv("HOLDFAST_CATALOG_USER");
            String pw = g.environment().firstEnv("HOLDFAST_CATALOG_PASSWORD");
            return ServerOptions.defaults(dir.toAbsolutePath())
                    .withCatalog(catalog, user == null ? "" : user, pw == null ? "" : pw)
                    .withMasterKey(masterKey);
        }
    }

    @Override
    public Integer call() throws Exception {
        ServerOptions o = place.options(globals);
        int colon = listen.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--listen takes HOST:PORT, e.g. 127.0.0.1:8750");
        }
        String host = listen.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--listen takes HOST:PORT, e.g. 127.0.0.1:8750");
        }
        o = o.withListen(host, port);
        if (tlsKeystore != null) {
            String pw = globals.environment().firstEnv("HOLDFAST_SERVER_TLS_PASSWORD");
            o = o.withTls(tlsKeystore, pw == null ? "" : pw);
        }
        if (!restoreRoots.isEmpty()) {
            o = o.withRestoreRoots(
                    restoreRoots.stream().map(Path::toAbsolutePath).toList());
        }
        if (workers > 0) {
            o = o.withWorkers(workers);
        }
        Server server = Server.start(
                o,
                Clock.systemDefaultZone(),
                Sleeper.REAL,
                globals.environment().out());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                stopped.countDown();
            }
        }));
        stopped.await();
        return ExitCode.OK;
    }

    /** {@code holdfast server token create --role R}: a token for a user, made on the server's machine. */
    @Command(name = "token", description = "Make an API token: token create --role ROLE [--user NAME].")
    static final class TokenCreate implements Callable<Integer> {
        private final GlobalOptions globals;

        @Mixin
        Place place = new Place();

        @picocli.CommandLine.Parameters(paramLabel = "create", description = "The action: create.")
        String action = "";

        @Option(
                names = "--role",
                required = true,
                paramLabel = "ROLE",
                description = "admin, operator, restore," + " auditor or security-officer.")
        String role = "";

        @Option(
                names = "--user",
                paramLabel = "NAME",
                description = "The user (made with the role if new; default:" + " the role's name).")
        @Nullable
        String user;

        @Option(names = "--label", paramLabel = "TEXT", description = "What the token is for.")
        String label = "";

        TokenCreate(GlobalOptions globals) {
            this.globals = globals;
        }

        @Override
        public Integer call() throws Exception {
            if (!action.equals("create")) {
                throw new IllegalArgumentException("use: holdfast server token create --role ROLE");
            }
            Role r = Role.parse(role);
            ServerContext ctx = Server.open(place.options(globals), Clock.systemDefaultZone());
            try {
                String name = user != null ? user : r.label();
                Users.User u = ctx.users.byName(name).orElseGet(() -> ctx.users.create(name, r));
                if (!u.role().equals(r.label())) {
                    throw new IllegalArgumentException("user " + name + " has role " + u.role() + ", not " + r.label());
                }
                Users.NewToken t = ctx.users.createToken(u, label);
                ctx.audit.append(
                        System.getProperty("user.name", "local"),
                        "token.create",
                        "token/" + t.id(),
                        java.util.Map.of("user", u.name(), "role", u.role(), "via", "cli"));
                globals.output().print(t.token());
            } finally {
                ctx.catalog.close();
            }
            return ExitCode.OK;
        }
    }

    /** {@code holdfast server audit verify}: walks the audit chain. */
    @Command(name = "audit", description = "Check the audit trail: audit verify (exit 1 names the first bad row).")
    static final class AuditVerify implements Callable<Integer> {
        private final GlobalOptions globals;

        @Mixin
        Place place = new Place();

        @picocli.CommandLine.Parameters(paramLabel = "verify", description = "The action: verify.")
        String action = "";

        AuditVerify(GlobalOptions globals) {
            this.globals = globals;
        }

        @Override
        public Integer call() throws Exception {
            if (!action.equals("verify")) {
                throw new IllegalArgumentException("use: holdfast server audit verify");
            }
            ServerContext ctx = Server.open(place.options(globals), Clock.systemDefaultZone());
            try {
                AuditLog.Verification v = ctx.audit.verify();
                if (globals.json()) {
                    globals.output().emit(v);
                } else if (v.ok()) {
                    globals.output().print("audit trail intact: " + v.rows() + " rows, every link and hash checks");
                } else {
                    globals.output().warn("audit trail broken at row " + v.firstBadSeq() + ": " + v.problem());
                }
                return v.ok() ? ExitCode.OK : ExitCode.FATAL;
            } finally {
                ctx.catalog.close();
            }
        }
    }
}

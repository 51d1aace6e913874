package io.holdfast.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL 15 cluster (Debian's postgresql-15, installed by .ci/run) run with pg_ctl as the {@code postgres}
 * user when the tests run as root, on a free loopback port; made with initdb, or started on a restored data directory.
 */
final class PgTestCluster implements AutoCloseable {
    static final String USER = "postgres";

    final Path data;
    final int port;
    private final Path log;

    private PgTestCluster(Path data, int port, Path log) {
        this.data = data;
        this.port = port;
        this.log = log;
    }

    static Path bin() {
        String env = System.getenv("HOLDFAST_TEST_PG_BIN");
        Path p = Path.of(env != null ? env : "/usr/lib/postgresql/15/bin");
        if (!Files.isExecutable(p.resolve("postgres"))) {
            throw new AssertionError("PostgreSQL 15 not found at " + p + ": install Debian's postgresql-15 (.ci/run"
                    + " does) or set HOLDFAST_TEST_PG_BIN");
        }
        return p;
    }

    static List<String> asPostgres(String... cmd) {
        List<String> all = new ArrayList<>();
        if (CliProcess.root()) {
            all.addAll(List.of("setpriv", "--reuid=" + USER, "--regid=" + USER, "--init-groups"));
        }
        all.addAll(List.of(cmd));
        return all;
    }

    /** A new cluster in {@code data} (whose parent the postgres user can write), started with {@code settings}. */
    static PgTestCluster create(Path data, String... settings) throws Exception {
        run(asPostgres(
                bin().resolve("initdb").toString(),
                "-D",
                data.toString(),
                "-U",
                "holdfast",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync"));
        return start(data, settings);
    }

    /** Starts a server on an existing data directory; waits until it accepts connections. */
    static PgTestCluster start(Path data, String... settings) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        StringBuilder opts = new StringBuilder("-p " + port + " -h 127.0.0.1 -k " + data.getParent() + " -c fsync=off");
        for (String s : settings) {
            opts.append(" -c ").append(s);
        }
        Path log = data.resolveSibling(data.getFileName() + ".log");
        PgTestCluster cluster = new PgTestCluster(data, port, log);
        try {
            run(asPostgres(
                    bin().resolve("pg_ctl").toString(),
                    "-D",
                    data.toString(),
                    "-o",
                    opts.toString(),
                    "-l",
                    log.toString(),
                    "-w",
                    "-t",
                    "300",
                    "start"));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nserver log:\n" + cluster.log(), e);
        }
        return cluster;
    }

    String dsn() {
        return "postgresql://holdfast@127.0.0.1:" + port + "/postgres";
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "holdfast", "");
    }

    /** Waits until recovery has ended and the server was promoted (accepts writes). */
    void awaitPromoted(Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            try (Connection c = connect();
                    var rs = c.createStatement().executeQuery("SELECT pg_is_in_recovery()")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return;
                }
            } catch (SQLException e) {
                // still starting
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("recovery did not end within " + timeout + ":\n" + log());
            }
            Thread.sleep(200);
        }
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log)";
    }

    static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed:\n" + out);
        }
    }

    @Override
    public void close() throws Exception {
        new ProcessBuilder(asPostgres(
                        bin().resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "stop"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start()
                .waitFor(60, TimeUnit.SECONDS);
    }
}

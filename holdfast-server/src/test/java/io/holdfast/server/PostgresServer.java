package io.holdfast.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server (Debian's postgresql-15, installed by .ci/run) in a fresh cluster in a temporary directory,
 * on a free loopback port, run as the {@code postgres} user when the tests run as root.
 */
final class PostgresServer implements AutoCloseable {
    private final Path dir;
    private final Process process;
    private final int port;

    private PostgresServer(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    static Path binDir() {
        String env = System.getenv("HOLDFAST_TEST_PG_BIN");
        List<Path> candidates = new ArrayList<>();
        if (env != null) {
            candidates.add(Path.of(env));
        }
        candidates.add(Path.of("/usr/lib/postgresql/15/bin"));
        for (Path p : candidates) {
            if (Files.isExecutable(p.resolve("postgres"))) {
                return p;
            }
        }
        throw new AssertionError("PostgreSQL 15 not found: install Debian's postgresql-15 (.ci/run does) or set"
                + " HOLDFAST_TEST_PG_BIN");
    }

    static PostgresServer start() throws Exception {
        Path bin = binDir();
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "holdfast-pg-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path data = dir.resolve("data");
        boolean root = "root".equals(System.getProperty("user.name"));
        List<String> asPostgres =
                root ? List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups") : List.of();
        if (root) {
            new ProcessBuilder("chown", "postgres:postgres", dir.toString())
                    .inheritIO()
                    .start()
                    .waitFor();
        }
        run(concat(
                asPostgres,
                bin.resolve("initdb").toString(),
                "-D",
                data.toString(),
                "-U",
                "holdfast",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process p = new ProcessBuilder(concat(
                        asPostgres,
                        bin.resolve("postgres").toString(),
                        "-D",
                        data.toString(),
                        "-p",
                        Integer.toString(port),
                        "-h",
                        "127.0.0.1",
                        "-k",
                        dir.toString(),
                        "-c",
                        "fsync=off"))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("postgres.log").toFile())
                .start();
        PostgresServer server = new PostgresServer(dir, p, port);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            try (var c = DriverManager.getConnection(server.url(), "holdfast", "")) {
                return server;
            } catch (java.sql.SQLException e) {
                if (Instant.now().isAfter(deadline) || !p.isAlive()) {
                    server.close();
                    throw new AssertionError(
                            "PostgreSQL did not start: " + Files.readString(dir.resolve("postgres.log")), e);
                }
                Thread.sleep(100);
            }
        }
    }

    /** The libpq URI of the cluster, as {@code holdfast pg backup --dsn} takes it. */
    String dsn() {
        return "postgresql://holdfast@127.0.0.1:" + port + "/postgres";
    }

    String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    private static List<String> concat(List<String> prefix, String... rest) {
        List<String> all = new ArrayList<>(prefix);
        all.addAll(List.of(rest));
        return all;
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed:\n" + out);
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Point-in-time recovery end to end against a real PostgreSQL 15 under pgbench load: {@code pg archive} streams WAL
 * while a marker row is committed every second and a base backup is taken; {@code pg restore --to-time T} brings back
 * exactly the markers committed at or before T (commit timestamps from the source cluster), {@code --to-latest} all
 * of them; restic restores the base backup's files as Holdfast does; WAL older than the remaining base backup leaves
 * the archive after {@code forget}. Holdfast runs as the postgres user, as it would on a database host.
 */
class PgPitrIT {
    @TempDir
    Path tmp;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void recoversToAPointInTimeUnderLoad() throws Exception {
        Path work = Files.createDirectories(Path.of("/tmp")
                .resolve("holdfast-pitr-" + ProcessHandle.current().pid()));
        try {
            run(work);
        } finally {
            PgTestCluster.run(List.of("rm", "-rf", work.toString()));
        }
    }

    private void run(Path work) throws Exception {
        CliProcess cli = new CliProcess(work);
        Path password = work.resolve("password");
        Files.writeString(password, "pitr-secret\n");
        PgTestCluster.run(List.of("chown", "-R", PgTestCluster.USER, work.toString()));
        Map<String, String> env = Map.of(
                "HOLDFAST_REPOSITORY", work.resolve("repo").toString(), "HOLDFAST_PASSWORD_FILE", password.toString());
        cli.runAs(PgTestCluster.USER, env, "init").ok();

        try (PgTestCluster source =
                PgTestCluster.create(work.resolve("source"), "track_commit_timestamp=on", "checkpoint_timeout=30s")) {
            try (Connection c = source.connect();
                    Statement st = c.createStatement()) {
                st.execute("CREATE TABLE markers (n int PRIMARY KEY)");
            }
            PgTestCluster.run(List.of("pgbench", "-i", "-s", "10", "-q", source.dsn()));

            Process archive = cli.startAs(
                    PgTestCluster.USER,
                    env,
                    work.resolve("archive.out"),
                    work.resolve("archive.err"),
                    "pg",
                    "archive",
                    "--dsn",
                    source.dsn(),
                    "--interval",
                    "2s",
                    "--spool",
                    work.resolve("spool").toString());
            Process load = new ProcessBuilder("pgbench", "-c", "2", "-j", "1", "-T", "45", "-R", "300", source.dsn())
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("pgbench.log").toFile())
                    .start();
            AtomicBoolean stop = new AtomicBoolean();
            List<long[]> lsns = new ArrayList<>(); // marker n, its commit LSN
            Thread markers = Thread.ofPlatform().start(() -> {
                try (Connection c = source.connect();
                        Statement st = c.createStatement()) {
                    for (int n = 1; !stop.get(); n++) {
                        st.execute("INSERT INTO markers VALUES (" + n + ")");
                        try (ResultSet rs = st.executeQuery("SELECT pg_current_wal_insert_lsn() - '0/0'::pg_lsn")) {
                            rs.next();
                            synchronized (lsns) {
                                lsns.add(new long[] {n, rs.getLong(1)});
                            }
                        }
                        Thread.sleep(1000);
                    }
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            awaitMarkers(lsns, 5);
            JsonNode base = baseBackup(cli, env, source);
            String baseId = base.get("snapshot_id").asText();
            awaitMarkers(lsns, 20);

            // archive lag under load: from a marker's commit until the archive holds its WAL
            long[] probe;
            synchronized (lsns) {
                probe = lsns.getLast();
            }
            Instant committed = Instant.now();
            Duration lag = null;
            while (lag == null) {
                for (JsonNode s : cli.runAs(PgTestCluster.USER, env, "--json", "snapshots", "--tag", "pg-wal")
                        .okJson()) {
                    for (JsonNode t : s.get("tags")) {
                        if (t.asText().startsWith("pg-lsn=") && lsn(t.asText().substring(7)) >= probe[1]) {
                            lag = Duration.between(committed, Instant.now());
                        }
                    }
                }
                assertThat(Duration.between(committed, Instant.now()))
                        .as("archive lag")
                        .isLessThan(Duration.ofSeconds(60));
                Thread.sleep(250);
            }
            System.out.println(
                    "PITR: archive lag under pgbench load: " + lag.toMillis() + " ms (marker " + probe[0] + ")");

            stop.set(true);
            markers.join();
            load.waitFor(2, TimeUnit.MINUTES);
            Map<Integer, OffsetDateTime> commits = new TreeMap<>();
            try (Connection c = source.connect();
                    ResultSet rs = c.createStatement()
                            .executeQuery("SELECT n, pg_xact_commit_timestamp(xmin) FROM markers ORDER BY n")) {
                while (rs.next()) {
                    commits.put(rs.getInt(1), rs.getObject(2, OffsetDateTime.class));
                }
            }
            archive.destroy(); // SIGTERM: a last batch, then exit 0
            assertThat(archive.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(archive.exitValue())
                    .as(Files.readString(work.resolve("archive.err")))
                    .isZero();

            // T between two markers committed well after the base backup ended
            int k = commits.size() - 4;
            Instant t = commits.get(k)
                    .toInstant()
                    .plus(Duration.between(
                                    commits.get(k).toInstant(),
                                    commits.get(k + 1).toInstant())
                            .dividedBy(2));
            List<Integer> expected = commits.entrySet().stream()
                    .filter(e -> !e.getValue().toInstant().isAfter(t))
                    .map(Map.Entry::getKey)
                    .toList();
            assertThat(expected).contains(k).doesNotContain(k + 1);
            Path r1 = work.resolve("r1");
            cli.runAs(PgTestCluster.USER, env, "pg", "restore", "--to-time", t.toString(), "--target", r1.toString())
                    .ok();
            try (PgTestCluster restored = PgTestCluster.start(r1)) {
                restored.awaitPromoted(Duration.ofMinutes(3));
                assertThat(markers(restored)).as(restored.log()).isEqualTo(expected);
            }
            Path r2 = work.resolve("r2");
            cli.runAs(PgTestCluster.USER, env, "pg", "restore", "--to-latest", "--target", r2.toString())
                    .ok();
            try (PgTestCluster restored = PgTestCluster.start(r2)) {
                restored.awaitPromoted(Duration.ofMinutes(3));
                assertThat(markers(restored)).as(restored.log()).isEqualTo(List.copyOf(commits.keySet()));
            }

            // restic restores the base backup's files exactly as Holdfast does
            Map<String, String> resticEnv = Map.of(
                    "RESTIC_REPOSITORY", work.resolve("repo").toString(), "RESTIC_PASSWORD_FILE", password.toString());
            Path byRestic = work.resolve("by-restic");
            Path byHoldfast = work.resolve("by-holdfast");
            ResticProcess.run(resticEnv, "restore", baseId, "--target", byRestic.toString())
                    .ok();
            cli.runAs(PgTestCluster.USER, env, "restore", baseId, "--target", byHoldfast.toString())
                    .ok();
            CliProcess.assertSameTree(byRestic, byHoldfast);
            assertThat(byRestic.resolve(source.data.toString().substring(1)).resolve("backup_label"))
                    .isRegularFile();

            // WAL retention follows the base backups: after the first is forgotten, WAL it alone needed goes
            String firstStart = tag(cli, env, baseId, "pg-wal-start=");
            JsonNode second = baseBackup(cli, env, source);
            String secondStart = tag(cli, env, second.get("snapshot_id").asText(), "pg-wal-start=");
            assertThat(secondStart).isGreaterThan(firstStart);
            assertThat(archivedSegments(cli, env)).contains(firstStart);
            cli.runAs(PgTestCluster.USER, env, "forget", "--tag", "pg-base", "--keep-last", "1")
                    .ok();
            cli.runAs(
                            PgTestCluster.USER,
                            env,
                            "pg",
                            "archive",
                            "--dsn",
                            source.dsn(),
                            "--once",
                            "--spool",
                            work.resolve("spool").toString())
                    .ok();
            List<String> left = archivedSegments(cli, env);
            assertThat(left)
                    .isNotEmpty()
                    .allMatch(s -> s.compareTo(secondStart) >= 0)
                    .contains(secondStart);

            // the pg_dump recipe of docs/sources.md: a logical dump through --stdin-from-command
            cli.runAs(
                            PgTestCluster.USER,
                            env,
                            "backup",
                            "--stdin-from-command",
                            "--stdin-filename",
                            "db.dump",
                            "--",
                            "pg_dump",
                            "-Fc",
                            source.dsn())
                    .ok();
            Path dump = work.resolve("db.dump");
            Files.write(dump, cli.stdoutBytes(env, "dump", "latest", "/db.dump"));
            Process list = new ProcessBuilder("pg_restore", "-l", dump.toString())
                    .redirectErrorStream(true)
                    .start();
            String toc = new String(list.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(list.waitFor()).as(toc).isZero();
            assertThat(toc).contains("TABLE public markers").contains("TABLE DATA public pgbench_accounts");
        }
        ResticCheck.assertClean(work.resolve("repo"), Files.readString(password).strip());
    }

    /** {@code pg backup --checkpoint fast} as the postgres user; its JSON summary. */
    private static JsonNode baseBackup(CliProcess cli, Map<String, String> env, PgTestCluster source) throws Exception {
        return cli.runAs(
                        PgTestCluster.USER,
                        env,
                        "--json",
                        "pg",
                        "backup",
                        "--dsn",
                        source.dsn(),
                        "--checkpoint",
                        "fast")
                .okJson();
    }

    private static long lsn(String text) {
        int slash = text.indexOf('/');
        return (Long.parseLong(text.substring(0, slash), 16) << 32) | Long.parseLong(text.substring(slash + 1), 16);
    }

    private static void awaitMarkers(List<long[]> lsns, int n) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            synchronized (lsns) {
                if (lsns.size() >= n) {
                    return;
                }
            }
            assertThat(Instant.now()).as("markers being written").isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private static List<Integer> markers(PgTestCluster c) throws Exception {
        List<Integer> out = new ArrayList<>();
        try (Connection conn = c.connect();
                ResultSet rs = conn.createStatement().executeQuery("SELECT n FROM markers ORDER BY n")) {
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
        }
        return out;
    }

    private String tag(CliProcess cli, Map<String, String> env, String id, String prefix) throws Exception {
        for (JsonNode s :
                cli.runAs(PgTestCluster.USER, env, "--json", "snapshots", id).okJson()) {
            for (JsonNode t : s.get("tags")) {
                if (t.asText().startsWith(prefix)) {
                    return t.asText().substring(prefix.length());
                }
            }
        }
        throw new AssertionError("no tag " + prefix + " on " + id);
    }

    /** The segment names in the newest WAL archive snapshot. */
    private List<String> archivedSegments(CliProcess cli, Map<String, String> env) throws Exception {
        CliProcess.Result r = cli.runAs(PgTestCluster.USER, env, "--json", "ls", "latest", "--tag", "pg-wal")
                .ok();
        List<String> out = new ArrayList<>();
        for (String line : r.out().strip().split("\n")) {
            JsonNode n = json.readTree(line);
            if ("node".equals(n.path("struct_type").asText())
                    || n.has("name") && n.path("type").asText().equals("file")) {
                String name = n.path("name").asText();
                if (name.matches("[0-9A-F]{24}")) {
                    out.add(name);
                }
            }
        }
        return out;
    }
}

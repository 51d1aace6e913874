package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.storage.s3.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The S3 server goes away in the middle of a backup (killed, as a crash or a cut link would stop it): if it comes
 * back the backup carries on through the retries and completes; if it stays away the backup fails with one line and
 * the repository is consistent once the server is back.
 */
class S3OutageIT {
    @TempDir
    Path tmp;

    private Map<String, String> env(S3ProxyServer server) {
        Map<String, String> env = new HashMap<>(server.environment());
        env.put("HOLDFAST_REPOSITORY", server.location("outage", "repo"));
        env.put("HOLDFAST_PASSWORD", "outage");
        env.put("RESTIC_REPOSITORY", server.location("outage", "repo"));
        env.put("RESTIC_PASSWORD", "outage");
        env.put("HOLDFAST_PACK_SIZE", "4"); // the smallest packs: the outage falls between uploads
        return env;
    }

    private Path tree() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Random random = new Random(11);
        for (int i = 0; i < 6; i++) {
            byte[] data = new byte[8 << 20];
            random.nextBytes(data);
            Files.write(src.resolve("file-" + i), data);
        }
        return src;
    }

    /** Waits until the backup has uploaded a few packs (the server's store holds them as files). */
    private static void awaitPacks(Path store, Process backup) throws Exception {
        Path data = store.resolve("outage/repo/data");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (count(data) < 2) {
            assertThat(backup.isAlive()).as("the backup is still running").isTrue();
            assertThat(System.nanoTime()).as("packs appear").isLessThan(deadline);
            backup.waitFor(20, TimeUnit.MILLISECONDS);
        }
    }

    private static long count(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    private Path store;
    private int port;
    private @Nullable S3ProxyServer server;
    private CliProcess cli;
    private Map<String, String> env;
    private Path src;
    private Process backup;

    /** A backup to S3 is under way, a few packs uploaded, when the server is killed. */
    @BeforeEach
    void killTheServerInTheMiddleOfABackup() throws Exception {
        store = tmp.resolve("store");
        port = S3ProxyServer.freePort();
        server = S3ProxyServer.start(tmp.resolve("s3proxy"), port, store);
        cli = new CliProcess(tmp.resolve("app"));
        env = env(server);
        src = tree();
        assertThat(cli.run(env, "init").exit()).isZero();
        backup = cli.start(env, tmp.resolve("out"), tmp.resolve("err"), "backup", src.toString());
        awaitPacks(store, backup);
        server.kill();
    }

    @AfterEach
    void stopTheServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private void restartTheServer() throws Exception {
        server = S3ProxyServer.start(tmp.resolve("s3proxy"), port, store);
    }

    @Test
    void aServerThatComesBackLetsTheBackupComplete() throws Exception {
        restartTheServer();
        assertThat(backup.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(backup.exitValue()).as(Files.readString(tmp.resolve("err"))).isZero();

        CliProcess.Result check = ResticProcess.run(env, "check", "--read-data");
        assertThat(check.exit()).as(check.err()).isZero();
        Path target = tmp.resolve("restored");
        assertThat(cli.run(env, "restore", "latest", "--target", target.toString())
                        .exit())
                .isZero();
        for (int i = 0; i < 6; i++) {
            assertThat(target.resolve(src.toString().substring(1)).resolve("file-" + i))
                    .hasSameBinaryContentAs(src.resolve("file-" + i));
        }
    }

    @Test
    void aServerThatStaysAwayFailsTheBackupWithOneLineAndLosesNothing() throws Exception {
        assertThat(backup.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String err = Files.readString(tmp.resolve("err"));
        assertThat(backup.exitValue()).as(err).isEqualTo(1);
        assertThat(err.strip().lines().filter(l -> l.startsWith("Fatal:"))).hasSize(1);
        assertThat(err).contains("is the server reachable?").doesNotContain("Exception");

        restartTheServer();
        CliProcess.Result check = cli.run(env, "check");
        assertThat(check.exit()).as(check.out() + check.err()).isZero();
        assertThat(cli.run(env, "--json", "snapshots").out().strip()).isEqualTo("[]");
    }
}

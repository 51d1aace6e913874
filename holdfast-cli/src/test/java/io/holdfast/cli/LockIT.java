package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.client.Holdfast;
import io.holdfast.repository.RepositoryLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup that meets an exclusive lock (as prune will hold) fails at once with exit code 11 and loses nothing;
 * with {@code --retry-lock} it waits for the lock to go, or gives up after the duration, still with exit code 11.
 */
class LockIT {
    static final String PASSWORD = "locks";

    @TempDir
    Path tmp;

    CliProcess cli;
    Path repo;
    Path src;
    Map<String, String> env;
    Map<String, Map<String, String>> expected;

    @BeforeEach
    void firstSnapshot() throws Exception {
        cli = new CliProcess(tmp);
        repo = tmp.resolve("repo");
        src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("a.txt"), "first\n");
        env = Map.of("HOLDFAST_REPOSITORY", repo.toString(), "HOLDFAST_PASSWORD", PASSWORD);
        assertThat(cli.run(env, "init").exit()).isZero();
        CliProcess.Result r = cli.run(env, "--json", "backup", src.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        expected = Map.of(Survival.snapshotId(r), Survival.describe(src));
        Files.writeString(src.resolve("b.txt"), "second\n");
    }

    @Test
    void backupFailsFastWithExit11AndLosesNothing() throws Exception {
        try (Holdfast h = Survival.open(repo, PASSWORD);
                RepositoryLock prune = RepositoryLock.acquire(h.repository(), true, Clock.systemDefaultZone())) {
            long t0 = System.nanoTime();
            CliProcess.Result r = cli.run(env, "backup", src.toString());
            assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.LOCK_FAILED);
            assertThat(r.err().strip().lines()).hasSize(1);
            assertThat(r.err())
                    .contains(
                            "locked exclusively",
                            "PID " + ProcessHandle.current().pid());
            assertThat(System.nanoTime() - t0).as("fails fast").isLessThan(TimeUnit.SECONDS.toNanos(20));
            assertThat(lockFiles()).as("the failed backup removed its own lock").hasSize(1);
        }
        assertThat(lockFiles()).isEmpty();
        assertThat(Survival.assertCheckClean(cli.run(env, "check", "--read-data"), "after the refused backup"))
                .isEmpty();
        try (Holdfast h = Survival.open(repo, PASSWORD)) {
            assertThat(Survival.snapshots(h)).containsExactlyElementsOf(expected.keySet());
            Survival.assertRestores(h, expected, src, tmp, "after the refused backup");
        }
        assertThat(cli.run(env, "backup", src.toString()).exit()).isZero();
    }

    @Test
    void retryLockWaitsUntilTheLockIsReleased() throws Exception {
        Process backup;
        long t0;
        try (Holdfast h = Survival.open(repo, PASSWORD);
                RepositoryLock prune = RepositoryLock.acquire(h.repository(), true, Clock.systemDefaultZone())) {
            t0 = System.nanoTime();
            backup = cli.start(
                    env,
                    tmp.resolve("out"),
                    tmp.resolve("err"),
                    "--retry-lock",
                    "1m",
                    "--json",
                    "backup",
                    src.toString());
            Thread.sleep(3000);
            assertThat(backup.isAlive()).as("still waiting for the lock").isTrue();
        }
        assertThat(backup.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String err = Files.readString(tmp.resolve("err"));
        assertThat(backup.exitValue()).as(err).isZero();
        assertThat(System.nanoTime() - t0).isGreaterThan(TimeUnit.SECONDS.toNanos(3));
        String id = Survival.snapshotId(new CliProcess.Result(0, Files.readString(tmp.resolve("out")), err));
        try (Holdfast h = Survival.open(repo, PASSWORD)) {
            assertThat(Survival.snapshots(h)).hasSize(2).contains(id);
            Survival.assertRestores(h, Map.of(id, Survival.describe(src)), src, tmp, "after waiting for the lock");
        }
    }

    @Test
    void retryLockGivesUpAfterTheDuration() throws Exception {
        try (Holdfast h = Survival.open(repo, PASSWORD);
                RepositoryLock prune = RepositoryLock.acquire(h.repository(), true, Clock.systemDefaultZone())) {
            long t0 = System.nanoTime();
            CliProcess.Result r = cli.run(env, "--retry-lock", "2s", "backup", src.toString());
            assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.LOCK_FAILED);
            assertThat(r.err()).contains("locked exclusively", "gave up after waiting 2s");
            assertThat(System.nanoTime() - t0).isGreaterThan(TimeUnit.SECONDS.toNanos(2));
            assertThat(lockFiles()).hasSize(1);
        }
        try (Holdfast h = Survival.open(repo, PASSWORD)) {
            assertThat(Survival.snapshots(h)).containsExactlyElementsOf(expected.keySet());
        }
    }

    @Test
    void aReadOnlyRepositoryNamesNoLockAndReadsWithIt() throws Exception {
        CliProcess.openUp(tmp);
        try (Stream<Path> s = Files.walk(repo)) {
            for (Path p : s.toList()) {
                Files.setPosixFilePermissions(
                        p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "r-xr-xr-x" : "r--r--r--"));
            }
        }
        Path target = tmp.resolve("target");

        CliProcess.Result r = cli.runUnprivileged(env, "restore", "latest", "--target", target.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.LOCK_FAILED);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("cannot create a lock", "permission denied", "--no-lock");

        r = cli.runUnprivileged(env, "--no-lock", "restore", "latest", "--target", target.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(target.resolve(src.toString().substring(1)).resolve("a.txt")).hasContent("first\n");

        r = cli.runUnprivileged(env, "forget", "--keep-last", "1");
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.LOCK_FAILED);
        assertThat(r.err()).contains("needs write access").doesNotContain("--no-lock");
    }

    private List<Path> lockFiles() throws Exception {
        try (Stream<Path> s = Files.list(repo.resolve("locks"))) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        }
    }
}

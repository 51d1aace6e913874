package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.client.Backends;
import io.holdfast.client.Holdfast;
import io.holdfast.repository.RepositoryOptions;
import io.holdfast.storage.Backend;
import io.holdfast.storage.Fault;
import io.holdfast.storage.FaultInjectingBackend;
import io.holdfast.storage.FaultInjectingBackend.Operation;
import io.holdfast.storage.FileType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup that runs out of repository space (or permission) stops with exit code 1 and one line saying what
 * happened and what to do; the repository stays consistent, earlier snapshots restore, and once there is space the
 * next backup succeeds. The fault-injected variants always run (in-process, through {@link
 * Backends#decorateForTesting}); the real one needs a small tmpfs, which root can mount on Linux, and says so when it
 * cannot.
 */
class FullDiskIT {
    static final String PASSWORD = "disk";
    static final String MESSAGE =
            "repository disk is full: free space and run the backup again; the repository is consistent";

    @TempDir
    Path tmp;

    @Test
    void injectedFullDiskStopsTheBackupWithOneLine() throws Exception {
        String err = backupUnderFault(Fault.fullDisk(), 1);
        assertThat(err).startsWith("Fatal: " + MESSAGE);
    }

    @Test
    void injectedPermissionErrorStopsTheBackupWithOneLine() throws Exception {
        String err = backupUnderFault(Fault.permanentError(), 1);
        assertThat(err).startsWith("Fatal: permission denied: data/");
    }

    /** Backs up once, then again under {@code fault} on pack uploads; returns the failed backup's stderr. */
    private String backupUnderFault(Fault fault, int exit) throws Exception {
        Path repo = tmp.resolve("repo");
        Path src = source(tmp.resolve("src"), 1 << 20);
        Map<String, String> env = Map.of("HOLDFAST_REPOSITORY", repo.toString(), "HOLDFAST_PASSWORD", PASSWORD);
        assertThat(new TestCli(env).run("init")).isZero();
        TestCli first = new TestCli(env);
        assertThat(first.run("--json", "backup", src.toString()))
                .as(first.err())
                .isZero();
        String s1 = Survival.snapshotId(new CliProcess.Result(0, first.out(), ""));
        Map<String, Map<String, String>> expected = Map.of(s1, Survival.describe(src));

        Files.write(src.resolve("checkpoint.bin"), random(10 << 20));
        UnaryOperator<Backend> previous = Backends.decorateForTesting(b -> FaultInjectingBackend.builder(b)
                .inject(Operation.SAVE, FileType.PACK, (call, rnd) -> call >= 2, fault)
                .build());
        TestCli failed = new TestCli(env);
        try {
            assertThat(failed.run("backup", "--pack-size", "4", src.toString()))
                    .as(failed.err())
                    .isEqualTo(exit);
        } finally {
            Backends.decorateForTesting(previous);
        }
        assertThat(failed.err().strip().lines()).as(failed.err()).hasSize(1);

        TestCli check = new TestCli(env);
        assertThat(check.run("check", "--read-data")).as(check.err()).isZero();
        try (Holdfast h = Survival.open(repo, PASSWORD)) {
            assertThat(Survival.snapshots(h)).containsExactly(s1);
            Survival.assertRestores(h, expected, src, tmp, "after the failed backup");
        }
        TestCli next = new TestCli(env);
        assertThat(next.run("backup", src.toString())).as(next.err()).isZero();
        return failed.err();
    }

    @Test
    void realFullDiskOnTmpfs() throws Exception {
        Path disk = Files.createDirectories(tmp.resolve("small-disk"));
        String refused = sh("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", disk.toString());
        if (refused != null) {
            System.out.println("real full-disk test NOT run: cannot mount a tmpfs (" + refused.strip()
                    + "); the fault-injected variants cover the behaviour");
            Assumptions.abort("cannot mount a tmpfs: " + refused.strip());
        }
        System.out.println("real full-disk test runs on a 24 MiB tmpfs at " + disk);
        try {
            fillTheDisk(disk);
        } finally {
            if (sh("umount", disk.toString()) != null) {
                sh("umount", "-l", disk.toString());
            }
        }
    }

    private void fillTheDisk(Path disk) throws Exception {
        CliProcess cli = new CliProcess(tmp);
        Path repo = disk.resolve("repo");
        Path src = source(tmp.resolve("src"), 2 << 20);
        Map<String, String> env = Map.of("HOLDFAST_REPOSITORY", repo.toString(), "HOLDFAST_PASSWORD", PASSWORD);
        assertThat(cli.run(env, "init").exit()).isZero();
        CliProcess.Result first = cli.run(env, "--json", "backup", src.toString());
        assertThat(first.exit()).as(first.err()).isZero();
        String s1 = Survival.snapshotId(first);
        Map<String, Map<String, String>> expected = new java.util.LinkedHashMap<>();
        expected.put(s1, Survival.describe(src));

        Files.write(src.resolve("checkpoint.bin"), random(40 << 20));
        CliProcess.Result full = cli.run(env, "backup", "--pack-size", "4", src.toString());
        assertThat(full.exit()).as(full.err()).isEqualTo(1);
        assertThat(full.err().strip().lines()).as(full.err()).hasSize(1);
        assertThat(full.err()).startsWith("Fatal: " + MESSAGE);

        // consistent while still full: check and restore without writing a lock
        Survival.assertCheckClean(cli.run(env, "--no-lock", "check", "--read-data"), "on the full disk");
        try (Holdfast h = Holdfast.open(repo.toString(), PASSWORD, RepositoryOptions.DEFAULTS, true)) {
            assertThat(Survival.snapshots(h)).containsExactly(s1);
            Survival.assertRestores(h, expected, src, tmp, "on the full disk");
        }

        assertThat(sh("mount", "-o", "remount,size=256m", disk.toString())).isNull();
        CliProcess.Result again = cli.run(env, "--json", "backup", "--pack-size", "4", src.toString());
        assertThat(again.exit()).as(again.err()).isZero();
        expected.put(Survival.snapshotId(again), Survival.describe(src));
        Survival.assertCheckClean(cli.run(env, "check", "--read-data"), "after freeing space");
        try (Holdfast h = Survival.open(repo, PASSWORD)) {
            Survival.assertRestores(h, expected, src, tmp, "after freeing space");
        }
    }

    private static Path source(Path dir, int bytes) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("README.md"), "a dataset\n");
        Files.write(dir.resolve("weights.bin"), random(bytes));
        return dir;
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    /** Runs a command; returns null on success, else its output (or why it could not start). */
    private static String sh(String... cmd) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 ? null : "exit " + p.exitValue() + ": " + out;
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}

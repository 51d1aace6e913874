package io.holdfast.cli.commands;

import io.holdfast.cli.CliException;
import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.cli.output.Formats;
import io.holdfast.cli.output.Output;
import io.holdfast.cli.progress.Progress;
import io.holdfast.cli.progress.ProgressCounters;
import io.holdfast.cli.sample.SampleWorkload;
import io.holdfast.cli.sample.SampleWorkloadSummary;
import io.holdfast.client.Holdfast;
import io.holdfast.client.InitOptions;
import io.holdfast.client.Stats;
import io.holdfast.engine.BackupOptions;
import io.holdfast.engine.BackupResult;
import io.holdfast.engine.RestoreOptions;
import io.holdfast.engine.RestoreResult;
import io.holdfast.engine.Snapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code holdfast quickstart}: the whole cycle on an embedded default. Creates a local repository with a generated
 * password file, backs up a generated sample AI workload (dataset, safetensors models, prompt log), lists snapshots,
 * restores into a temporary directory, verifies every byte, and prints what to do next.
 */
@Command(
        name = "quickstart",
        description = "Back up, list, restore and verify a sample AI workload in a local repository.")
public final class QuickstartCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    @Option(names = "--dir", paramLabel = "DIR", description = "Working directory (default: ~/.holdfast/quickstart).")
    @Nullable
    Path dir;

    public QuickstartCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() throws Exception {
        Output out = globals.output();
        Path home = dir != null ? dir : userHome(globals.environment().env()).resolve(".holdfast/quickstart");
        Path repoDir = home.resolve("repository");
        Path passwordFile = home.resolve("password");
        Path sample = home.resolve("sample-workload");
        Files.createDirectories(home);
        String password = QuickstartFiles.password(passwordFile);

        out.info("1/5 generating a sample AI workload in " + sample);
        SampleWorkloadSummary s = Files.isDirectory(sample) ? null : SampleWorkload.generate(sample);
        if (s != null) {
            out.info("    " + s.files() + " files, " + Formats.bytes(s.bytes()) + ": " + s.images() + " images, "
                    + s.textFiles() + " text files, 2 safetensors models (" + s.tensors()
                    + " tensors), a prompt log of "
                    + s.promptLines() + " lines");
        }

        boolean fresh = !Files.exists(repoDir.resolve("config"));
        if (fresh) {
            out.info("2/5 creating repository " + repoDir + " (password in " + passwordFile + ", mode 0600)");
            Holdfast.init(repoDir.toString(), password, InitOptions.DEFAULTS, Repos.options(globals))
                    .close();
        } else {
            out.info("2/5 using existing repository " + repoDir);
        }

        BackupResult backup;
        Stats stats;
        List<Snapshots.Ref> snaps;
        RestoreResult restored;
        Path target = Files.createTempDirectory("holdfast-quickstart-restore-");
        try (Holdfast h = Holdfast.open(repoDir.toString(), password, Repos.options(globals), false)) {
            out.info("3/5 backing up " + sample);
            ProgressCounters counters = new ProgressCounters();
            try (Progress p = globals.startProgress(counters)) {
                backup = h.backup(BackupOptions.DEFAULTS.withPaths(sample), new CountingProgress(counters, out));
            }
            out.info("    snapshot " + backup.snapshotId().shortHex() + ": " + backup.totalFilesProcessed() + " files, "
                    + Formats.bytes(backup.totalBytesProcessed()) + " read, " + Formats.bytes(backup.dataAdded())
                    + " added to the repository in " + Formats.duration(backup.duration()));
            snaps = h.snapshots();
            out.info("4/5 snapshots in the repository: " + snaps.size());
            for (Snapshots.Ref r : snaps) {
                out.info("    " + r.id().shortHex() + "  "
                        + r.snapshot().time().toLocalDateTime().withNano(0) + "  "
                        + String.join(",", r.snapshot().paths()));
            }
            out.info("5/5 restoring the latest snapshot into " + target + " and verifying every byte");
            restored = h.restore(
                    "latest:" + sample,
                    target,
                    RestoreOptions.DEFAULTS.withVerify(true),
                    io.holdfast.engine.BackupProgress.NONE);
            stats = h.stats(List.of(), Stats.Mode.RAW_DATA);
        }
        if (!restored.errors().isEmpty()) {
            throw new CliException(
                    ExitCode.FATAL, "restore failed: " + restored.errors().get(0));
        }
        QuickstartFiles.assertIdentical(sample, target);
        QuickstartFiles.deleteTree(target);

        long files = Math.max(1, backup.totalBytesProcessed());
        long unique = Math.max(1, stats.uncompressedSize());
        long stored = Math.max(1, stats.totalSize());
        out.print("");
        out.print("Quickstart complete: backed up, restored and verified " + restored.files() + " files ("
                + Formats.bytes(restored.bytes()) + "), byte for byte.");
        out.print(String.format(
                "Repository %s: %s of files, %s after deduplication, %s stored after compression"
                        + " (dedup %.2fx, compression %.2fx, together %.2fx).",
                repoDir,
                Formats.bytes(files),
                Formats.bytes(unique),
                Formats.bytes(stored),
                (double) files / unique,
                (double) unique / stored,
                (double) files / stored));
        out.print("");
        out.print("Next steps:");
        String base = launcher(globals.environment().env()) + " -r " + quote(repoDir.toAbsolutePath())
                + " --password-file " + quote(passwordFile.toAbsolutePath());
        out.print("  " + base + " snapshots");
        out.print("  " + base + " backup /path/to/your/dataset /path/to/checkpoints");
        out.print("  " + base + " check --read-data");
        out.print("  restic -r " + quote(repoDir.toAbsolutePath()) + " --password-file "
                + quote(passwordFile.toAbsolutePath()) + " snapshots   # restic reads it too");
        return ExitCode.OK;
    }

    /** {@code $HOME} when set (the JVM's {@code user.home} is the password database's, not the environment's). */
    static Path userHome(Map<String, String> env) {
        String home = env.get("HOME");
        return home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"));
    }

    /**
     * How to run Holdfast again: {@code holdfast} when the launcher that started this process is the one found on
     * {@code PATH}, else the launcher's absolute path (set by both launchers as {@code holdfast.launcher}).
     */
    static String launcher(Map<String, String> env) {
        String launcher = System.getProperty("holdfast.launcher");
        if (launcher == null || launcher.isBlank()) {
            return "holdfast";
        }
        Path self = Path.of(launcher).toAbsolutePath().normalize();
        for (String dir : env.getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path onPath = Path.of(dir, "holdfast");
            try {
                if (Files.isExecutable(onPath) && Files.isSameFile(onPath, self)) {
                    return "holdfast";
                }
            } catch (IOException e) {
                // not this one
            }
            if (Files.isExecutable(onPath)) {
                break; // another holdfast comes first on PATH
            }
        }
        return quote(self);
    }

    private static String quote(Path path) {
        String s = path.toString();
        return s.matches("[A-Za-z0-9_./@%+=:,-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}

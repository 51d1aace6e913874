package io.holdfast.cli.commands;

import io.holdfast.cli.CliException;
import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.cli.output.Formats;
import io.holdfast.cli.output.Output;
import io.holdfast.cli.progress.Progress;
import io.holdfast.cli.progress.ProgressCounters;
import io.holdfast.client.Holdfast;
import io.holdfast.engine.BackupOptions;
import io.holdfast.engine.BackupResult;
import io.holdfast.engine.ModelOptions;
import io.holdfast.engine.ModelValidationException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code holdfast backup}: saves files, standard input or a command's output as a new snapshot. */
@Command(
        name = "backup",
        description = {
            "Create a new snapshot of files and directories, standard input, a command's output, or the objects of"
                    + " an S3 bucket (--source s3:URL).",
            "Unchanged files (same size, mtime, ctime and inode as in the parent snapshot) are not read again.",
            "Exit code 3: the snapshot was written but some files could not be read, or the --post command failed."
        })
public final class BackupCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    @Parameters(
            paramLabel = "PATH",
            description = "Files and directories to back up (with --stdin-from-command: the command).")
    List<String> paths = new ArrayList<>();

    @Mixin
    ExcludeOptions exclude = new ExcludeOptions();

    @Option(names = "--tag", paramLabel = "TAG[,TAG]", split = ",", description = "Add tags to the snapshot.")
    List<String> tags = new ArrayList<>();

    @Option(
            names = {"-H", "--host"},
            paramLabel = "HOSTNAME",
            description = "Host name to record (default: this machine's).")
    @Nullable
    String host;

    @Option(
            names = "--parent",
            paramLabel = "SNAPSHOT",
            description = "Compare with this snapshot (default: latest of this host and paths).")
    @Nullable
    String parent;

    @Option(
            names = {"-f", "--force"},
            description = "Read every file, even unchanged ones.")
    boolean force;

    @Option(names = "--stdin", description = "Read the data to back up from standard input.")
    boolean stdin;

    @Option(
            names = "--stdin-filename",
            paramLabel = "NAME",
            description = "File name for --stdin data (default: stdin).",
            defaultValue = "stdin")
    String stdinFilename = "stdin";

    @Option(
            names = "--stdin-from-command",
            description =
                    "Back up the standard output of the command given as arguments; a non-zero exit fails the backup.")
    boolean stdinFromCommand;

    @Option(
            names = "--read-concurrency",
            paramLabel = "N",
            description = "Files read at the same time (default: 2).",
            defaultValue = "2")
    int readConcurrency = 2;

    @picocli.CommandLine.ArgGroup(exclusive = false, heading = "%nPrompt logs (docs/design.md §17):%n")
    @Nullable
    PromptLogArgs promptLog;

    @picocli.CommandLine.Mixin
    KeyStoreOptions keystore = new KeyStoreOptions();

    @Option(
            names = "--model-base",
            paramLabel = "SNAPSHOT:PATH",
            description = "In a repository created with --model-codec: encode model files as deltas against this"
                    + " model file of a snapshot when the same path in the parent snapshot is no codec-encoded model"
                    + " (e.g. a fine-tune against its base model).")
    @org.jspecify.annotations.Nullable
    String modelBase;

    @Option(
            names = "--no-model-chunking",
            description = "Chunk model files (safetensors, PyTorch, GGUF, ONNX, NumPy) like any other file instead of"
                    + " cutting chunks at tensor boundaries.")
    boolean noModelChunking;

    @Option(
            names = "--validate",
            paramLabel = "off|warn|fail",
            description = "Validate the structure of model files: warn (default) records and reports invalid ones and"
                    + " saves the snapshot; fail writes no snapshot if one is invalid (exit code 20); off skips it.",
            defaultValue = "warn")
    String validate = "warn";

    @Mixin
    FilesFrom filesFrom = new FilesFrom();

    @Mixin
    BackupSelection selection = new BackupSelection();

    @Mixin
    BackupHookOptions hooks = new BackupHookOptions();

    @Mixin
    ObjectStoreSourceOption source = new ObjectStoreSourceOption();

    public BackupCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() throws Exception {
        if (stdin && stdinFromCommand) {
            throw new CliException(ExitCode.USAGE, "--stdin and --stdin-from-command cannot be used together");
        }
        if (source.given()) {
            source.checkAlone(this, !filesFrom.paths().isEmpty()); // a usage error if it lists anything
        }
        if (promptLog != null && promptLog.enabled) {
            return PromptLogBackup.run(globals, keystore, promptLog, this);
        }
        boolean fromStdin = stdin || stdinFromCommand;
        List<String> listed = filesFrom.paths();
        if (!listed.isEmpty()) {
            if (fromStdin) {
                throw new CliException(
                        ExitCode.USAGE, "--files-from cannot be used with --stdin or --stdin-from-command");
            }
            paths.addAll(listed);
        }
        if (!fromStdin && paths.isEmpty() && !source.given()) {
            throw new CliException(ExitCode.USAGE, "nothing to back up: give at least one path");
        }
        if (stdin && !paths.isEmpty()) {
            throw new CliException(ExitCode.USAGE, "--stdin takes no paths");
        }
        if (stdinFromCommand && paths.isEmpty()) {
            throw new CliException(ExitCode.USAGE, "--stdin-from-command needs a command, e.g. -- pg_dump mydb");
        }
        BackupOptions opts = hooks.apply(selection.apply(
                new BackupOptions(
                        fromStdin ? List.of() : paths,
                        exclude.excludes,
                        exclude.iexcludes,
                        exclude.excludeFiles,
                        tags,
                        host,
                        parent,
                        force,
                        fromStdin ? stdinFilename : null,
                        stdinFromCommand ? paths : List.of(),
                        readConcurrency,
                        new ModelOptions(!noModelChunking, validateMode(validate)),
                        modelBase),
                java.time.ZoneId.systemDefault()));
        Output out = globals.output();
        ProgressCounters counters = new ProgressCounters();
        BackupResult r;
        try (Holdfast h = Repos.open(globals);
                Progress progress = globals.startProgress(counters)) {
            r = source.given()
                    ? source.backup(globals, h, opts, new CountingProgress(counters, out))
                    : h.backup(opts, new CountingProgress(counters, out));
        } catch (IOException | RuntimeException e) {
            if (e instanceof ModelValidationException m) {
                for (String p : m.problems()) {
                    out.warn("invalid model: " + p);
                }
                throw new CliException(ExitCode.MODEL_INVALID, String.valueOf(m.getMessage()), m);
            }
            if (e instanceof io.holdfast.engine.BackupHookException hook) {
                BackupHookOptions.print(out, hook.results());
                throw new CliException(ExitCode.FATAL, String.valueOf(hook.getMessage()), hook);
            }
            if (DiskFull.matches(e)) {
                throw DiskFull.backupFailed(globals.requireRepository(), e);
            }
            throw e;
        }
        print(out, r, selection.dryRun);
        BackupHookOptions.print(out, r.hooks());
        boolean postFailed = r.hooks().stream().anyMatch(h -> !h.ok());
        if (postFailed) {
            out.warn("Warning: the --post command failed; the snapshot was saved");
        }
        return r.partial() || postFailed ? ExitCode.BACKUP_PARTIAL : ExitCode.OK;
    }

    static ModelOptions.Validate validateMode(String v) {
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "off" -> ModelOptions.Validate.OFF;
            case "warn" -> ModelOptions.Validate.WARN;
            case "fail" -> ModelOptions.Validate.FAIL;
            default -> throw new CliException(ExitCode.USAGE, "--validate takes off, warn or fail, not " + v);
        };
    }

    static void print(Output out, BackupResult r) {
        print(out, r, false);
    }

    /** The summary as restic prints it; a dry run's says what would be added and saves no snapshot. */
    static void print(Output out, BackupResult r, boolean dryRun) {
        if (out.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("message_type", "summary");
            m.put("files_new", r.filesNew());
            m.put("files_changed", r.filesChanged());
            m.put("files_unmodified", r.filesUnmodified());
            m.put("dirs_new", r.dirsNew());
            m.put("dirs_changed", r.dirsChanged());
            m.put("dirs_unmodified", r.dirsUnmodified());
            m.put("data_blobs", r.dataBlobs());
            m.put("tree_blobs", r.treeBlobs());
            m.put("data_added", r.dataAddedPlain());
            m.put("data_added_packed", r.dataAdded());
            m.put("total_files_processed", r.totalFilesProcessed());
            m.put("total_bytes_processed", r.totalBytesProcessed());
            m.put("total_duration", r.duration().toMillis() / 1000.0);
            m.put("snapshot_id", r.snapshotId().hex());
            if (dryRun) {
                m.put("dry_run", true);
            }
            if (!r.hooks().isEmpty()) {
                List<Map<String, Object>> hooks = new java.util.ArrayList<>();
                for (io.holdfast.engine.BackupHooks.Result h : r.hooks()) {
                    Map<String, Object> one = new LinkedHashMap<>();
                    one.put("stage", h.stage());
                    one.put("command", h.command());
                    one.put("exit_code", h.exitCode());
                    one.put("duration_ms", h.duration().toMillis());
                    one.put("output", h.output());
                    hooks.add(one);
                }
                m.put("hooks", hooks);
            }
            m.put("errors", r.errors());
            m.put("invalid_models", r.invalidModels());
            out.emit(m);
            return;
        }
        if (r.parent() != null) {
            out.info("using parent snapshot " + r.parent().shortHex());
        }
        out.info(String.format(
                "Files:       %5d new, %5d changed, %5d unmodified",
                r.filesNew(), r.filesChanged(), r.filesUnmodified()));
        out.info(String.format(
                "Dirs:        %5d new, %5d changed, %5d unmodified", r.dirsNew(), r.dirsChanged(), r.dirsUnmodified()));
        out.info((dryRun ? "Would add" : "Added") + " to the repository: " + Formats.bytes(r.dataAddedPlain()) + " ("
                + Formats.bytes(r.dataAdded()) + " stored)");
        out.info("processed " + r.totalFilesProcessed() + " files, " + Formats.bytes(r.totalBytesProcessed()) + " in "
                + Formats.duration(r.duration()));
        if (!dryRun) {
            out.info("snapshot " + r.snapshotId().shortHex() + " saved");
        }
        for (String p : r.invalidModels()) {
            out.warn("Warning: invalid model (recorded in the snapshot): " + p);
        }
        if (r.partial()) {
            out.warn("Warning: " + r.errors().size() + " path(s) could not be read and are not in the snapshot");
        }
    }
}

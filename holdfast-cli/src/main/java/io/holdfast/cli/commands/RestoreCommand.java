package io.holdfast.cli.commands;

import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.cli.output.Formats;
import io.holdfast.cli.output.Output;
import io.holdfast.cli.progress.Progress;
import io.holdfast.cli.progress.ProgressCounters;
import io.holdfast.client.Holdfast;
import io.holdfast.client.objectstore.ObjectStores;
import io.holdfast.engine.RestoreOptions;
import io.holdfast.engine.RestoreResult;
import io.holdfast.engine.fs.FsPath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code holdfast restore}: writes a snapshot, or part of it, into a directory. */
@Command(
        name = "restore",
        description = {
            "Restore a snapshot (latest, an id, or id:subpath) into a target directory.",
            "Never writes outside the target. Whatever exists in the target is kept unless --overwrite is given;"
                    + " replaced objects are written under a temporary name and renamed into place.",
            "Prompt-log envelopes are turned back into their JSONL logs with the key store (--keystore); records of "
                    + "erased subjects are left out.",
            "With --target s3:URL the snapshot's files are written as objects below that bucket and prefix, keyed by"
                    + " their path below SNAPSHOT's :PATH (default: the snapshot's path when it has one), large ones"
                    + " with multipart uploads; empty directories become KEY/ folder markers, links and devices are"
                    + " left out."
        })
public final class RestoreCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    @Parameters(
            index = "0",
            paramLabel = "SNAPSHOT[:PATH]",
            description = "latest, a snapshot id (prefix), optionally :subpath")
    String snapshot = "latest";

    @Option(
            names = {"-t", "--target"},
            required = true,
            paramLabel = "DIR|s3:URL",
            description = "Directory to restore into (created if missing), or an S3 bucket and prefix"
                    + " (s3:https://host/bucket/prefix, credentials as for s3: repositories) to write the files to"
                    + " as objects; existing objects are kept unless --overwrite is given.")
    String target = ".";

    @Option(
            names = {"-i", "--include"},
            paramLabel = "PATTERN",
            description = "Restore only matching paths.")
    List<String> includes = new ArrayList<>();

    @Option(
            names = {"-e", "--exclude"},
            paramLabel = "PATTERN",
            description = "Do not restore matching paths.")
    List<String> excludes = new ArrayList<>();

    @Option(
            names = "--overwrite",
            arity = "0..1",
            fallbackValue = "always",
            paramLabel = "WHEN",
            description = "Replace what exists in the target: always (the default when the option is given without a"
                    + " value), if-changed (files whose content differs), if-newer (by modification time), or never"
                    + " (the default). A non-empty directory is never removed.")
    String overwrite = "never";

    @Option(
            names = "--sparse",
            description = "Write runs of zeros as holes, so that sparse files take little space again.")
    boolean sparse;

    @Option(names = "--verify", description = "Read restored files back and compare them with the snapshot.")
    boolean verify;

    @picocli.CommandLine.Mixin
    KeyStoreOptions keystore = new KeyStoreOptions();

    @picocli.CommandLine.Mixin
    SnapshotFilterOptions filter = new SnapshotFilterOptions();

    public RestoreCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() throws Exception {
        Output out = globals.output();
        ProgressCounters counters = new ProgressCounters();
        RestoreOptions.Overwrite when;
        try {
            when = RestoreOptions.Overwrite.parse(overwrite);
        } catch (IllegalArgumentException e) {
            throw new io.holdfast.cli.CliException(ExitCode.USAGE, String.valueOf(e.getMessage()));
        }
        boolean toBucket = ObjectStores.isLocation(target);
        String where = target;
        if (toBucket) {
            if (sparse) {
                throw new io.holdfast.cli.CliException(ExitCode.USAGE, "--sparse does not apply to an s3: target");
            }
            try {
                where = ObjectStores.check(target);
            } catch (IllegalArgumentException e) {
                throw new io.holdfast.cli.CliException(ExitCode.USAGE, "--target: " + e.getMessage());
            }
        }
        RestoreResult r;
        io.holdfast.client.PromptLogs.Hook hook =
                io.holdfast.client.PromptLogs.restoreHook(() -> keystore.openIfExists(globals));
        try (Holdfast h = Repos.open(globals);
                Progress progress = globals.startProgress(counters)) {
            RestoreOptions opts = new RestoreOptions(includes, excludes, when, verify, sparse);
            r = toBucket
                    ? ObjectStores.restore(
                            h,
                            snapshot,
                            filter.filter(),
                            target,
                            globals.storageEnvironment(),
                            opts,
                            new CountingProgress(counters, out))
                    : h.restore(
                            snapshot,
                            filter.filter(),
                            FsPath.of(target),
                            opts,
                            new CountingProgress(counters, out),
                            hook);
            if (!toBucket) {
                where = io.holdfast.engine.fs.LocalFs.get()
                        .absolute(FsPath.of(target))
                        .toString();
            }
        }
        for (String e : r.errors()) {
            out.warn("error: " + e);
        }
        for (String n : r.notes()) {
            out.warn("note: " + n);
        }
        for (String k : r.kept()) {
            out.verbose(1, "kept: " + k);
        }
        if (out.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("message_type", "summary");
            m.put("files_restored", r.files());
            m.put("dirs_restored", r.dirs());
            m.put("links_restored", r.links());
            m.put("special_files_restored", r.specials());
            m.put("existing_kept", r.kept().size());
            m.put("bytes_restored", r.bytes());
            m.put("files_verified", r.verified());
            m.put("prompt_logs_restored", hook.files());
            m.put("erased_records_left_out", hook.erasedRecords());
            m.put("errors", r.errors());
            m.put("notes", r.notes());
            out.emit(m);
        } else {
            out.info("restored " + r.files() + " files, " + r.dirs() + " directories, " + r.links() + " links, "
                    + (r.specials() > 0 ? r.specials() + " FIFOs and devices, " : "")
                    + Formats.bytes(r.bytes()) + " to " + where
                    + (verify ? "; verified " + r.verified() + " files" : ""));
            if (!r.kept().isEmpty()) {
                out.info("kept " + r.kept().size() + " existing objects"
                        + (when == RestoreOptions.Overwrite.NEVER
                                ? " (use --overwrite to replace them, -v to list them)"
                                : ""));
            }
            if (hook.files() > 0) {
                out.info("turned " + hook.files() + " prompt-log envelope(s) back into logs; left out "
                        + hook.erasedRecords() + " records of erased subjects");
            }
        }
        if (!r.errors().isEmpty()) {
            out.warn("restore incomplete: " + r.errors().size() + " error(s); everything else was restored");
            return ExitCode.INCOMPLETE;
        }
        return ExitCode.OK;
    }
}

package io.holdfast.cli.commands;

import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.cli.output.Formats;
import io.holdfast.cli.output.Output;
import io.holdfast.cli.progress.Progress;
import io.holdfast.cli.progress.ProgressCounters;
import io.holdfast.client.Holdfast;
import io.holdfast.engine.RestoreOptions;
import io.holdfast.engine.RestoreResult;
import java.nio.file.Path;
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
            "Never writes outside the target. Existing files are kept unless --overwrite is given.",
            "Prompt-log envelopes are turned back into their JSONL logs with the key store (--keystore); records of "
                    + "erased subjects are left out."
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
            description = "Directory to restore into.")
    Path target = Path.of(".");

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

    @Option(names = "--overwrite", description = "Replace files that exist in the target.")
    boolean overwrite;

    @Option(names = "--verify", description = "Read restored files back and compare them with the snapshot.")
    boolean verify;

    @picocli.CommandLine.Mixin
    KeyStoreOptions keystore = new KeyStoreOptions();

    public RestoreCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() throws Exception {
        Output out = globals.output();
        ProgressCounters counters = new ProgressCounters();
        RestoreResult r;
        io.holdfast.client.PromptLogs.Hook hook =
                io.holdfast.client.PromptLogs.restoreHook(() -> keystore.openIfExists(globals));
        try (Holdfast h = Repos.open(globals);
                Progress progress = globals.startProgress(counters)) {
            r = h.restore(
                    snapshot,
                    target,
                    new RestoreOptions(includes, excludes, overwrite, verify),
                    new CountingProgress(counters, out),
                    hook);
        }
        for (String e : r.errors()) {
            out.warn("error: " + e);
        }
        if (out.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("message_type", "summary");
            m.put("files_restored", r.files());
            m.put("dirs_restored", r.dirs());
            m.put("links_restored", r.links());
            m.put("bytes_restored", r.bytes());
            m.put("files_verified", r.verified());
            m.put("prompt_logs_restored", hook.files());
            m.put("erased_records_left_out", hook.erasedRecords());
            m.put("errors", r.errors());
            out.emit(m);
        } else {
            out.info("restored " + r.files() + " files, " + r.dirs() + " directories, " + r.links() + " links, "
                    + Formats.bytes(r.bytes()) + " to "
                    + target.toAbsolutePath().normalize()
                    + (verify ? "; verified " + r.verified() + " files" : ""));
            if (hook.files() > 0) {
                out.info("turned " + hook.files() + " prompt-log envelope(s) back into logs; left out "
                        + hook.erasedRecords() + " records of erased subjects");
            }
        }
        return r.errors().isEmpty() ? ExitCode.OK : ExitCode.FATAL;
    }
}

package io.holdfast.cli.commands;

import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.cli.output.Output;
import io.holdfast.cli.progress.Progress;
import io.holdfast.cli.progress.ProgressCounters;
import io.holdfast.client.Holdfast;
import io.holdfast.engine.CheckOptions;
import io.holdfast.engine.CheckResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code holdfast check}: verifies the repository. */
@Command(
        name = "check",
        description = {
            "Check the repository: index, packs, snapshots and trees; with --read-data every blob is decrypted and hashed.",
            "Each problem names the pack or blob and the snapshots and files it affects. Exit code 1 if any is found."
        })
public final class CheckCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    @Option(names = "--read-data", description = "Read and verify all pack data.")
    boolean readData;

    @Option(names = "--read-data-subset", paramLabel = "n/m|p%", description = "Read and verify a subset of the packs.")
    @Nullable
    String subset;

    public CheckCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() throws Exception {
        CheckOptions opts = subset != null
                ? CheckOptions.subset(subset)
                : readData ? CheckOptions.READ_DATA : CheckOptions.STRUCTURE;
        Output out = globals.output();
        ProgressCounters counters = new ProgressCounters();
        CheckResult r;
        try (Holdfast h = Repos.open(globals);
                Progress progress = globals.startProgress(counters)) {
            r = h.check(opts, new CountingProgress(counters, out));
        }
        for (String w : r.warnings()) {
            out.warn("warning: " + w);
        }
        for (String hint : r.hints()) {
            out.print(hint);
        }
        for (String e : r.errors()) {
            out.warn("error: " + e);
        }
        if (out.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("message_type", "summary");
            m.put("num_errors", r.errors().size());
            m.put("suggest_repair_index", r.suggestRepairIndex());
            m.put("suggest_prune", r.suggestPrune());
            m.put("ok", r.ok());
            m.put("errors", r.errors());
            m.put("warnings", r.warnings());
            m.put("hints", r.hints());
            m.put("snapshots", r.snapshots());
            m.put("packs_read", r.packsRead());
            m.put("blobs_checked", r.blobsChecked());
            out.emit(m);
        } else if (r.ok()) {
            out.info("no errors were found (" + r.snapshots() + " snapshots"
                    + (opts.readData() ? ", " + r.packsRead() + " packs and " + r.blobsChecked() + " blobs read" : "")
                    + ")");
        } else {
            out.print(
                    r.errors().size() + " errors were found; see 'holdfast repair --help' or restore unaffected files");
        }
        return r.ok() ? ExitCode.OK : ExitCode.FATAL;
    }
}

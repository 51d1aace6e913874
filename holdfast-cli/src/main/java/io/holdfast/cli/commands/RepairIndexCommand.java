package io.holdfast.cli.commands;

import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.cli.output.Output;
import io.holdfast.cli.progress.Progress;
import io.holdfast.cli.progress.ProgressCounters;
import io.holdfast.client.Holdfast;
import io.holdfast.engine.maintenance.RepairIndexResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code holdfast repair index}: rebuilds the index from the pack files. */
@Command(
        name = "index",
        description = {
            "Build a new index from the pack files.",
            "Packs the index lacks, or whose size differs, have their header read; packs missing from storage are "
                    + "dropped. The new index replaces all old index files."
        })
public final class RepairIndexCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    @Option(
            names = "--read-all-packs",
            description = "Ignore the old index: read every pack whole and verify every blob.")
    boolean readAllPacks;

    public RepairIndexCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() throws Exception {
        Output out = globals.output();
        ProgressCounters counters = new ProgressCounters();
        RepairIndexResult r;
        try (Holdfast h = Repos.open(globals);
                Progress progress = globals.startProgress(counters)) {
            r = h.repairIndex(readAllPacks, new MaintenanceReporter(counters, out).showing(progress));
        }
        for (String p : r.problems()) {
            out.warn("warning: " + p);
        }
        if (out.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("message_type", "summary");
            m.put("packs_indexed", r.packsIndexed());
            m.put("packs_read", r.packsRead());
            m.put("packs_forgotten", r.packsForgotten());
            m.put("packs_unreadable", r.packsUnreadable());
            m.put("damaged_blobs", r.damagedBlobs());
            m.put("index_files_written", r.indexFilesWritten());
            m.put("index_files_removed", r.indexFilesRemoved());
            m.put("problems", r.problems());
            out.emit(m);
        } else {
            out.print("indexed " + r.packsIndexed() + " packs (" + r.packsRead() + " read"
                    + (r.packsForgotten() > 0 ? ", " + r.packsForgotten() + " missing packs dropped" : "")
                    + (r.packsUnreadable() > 0 ? ", " + r.packsUnreadable() + " unreadable" : "")
                    + (r.damagedBlobs() > 0 ? ", " + r.damagedBlobs() + " damaged blobs" : "")
                    + "); wrote " + r.indexFilesWritten() + " index files, removed " + r.indexFilesRemoved());
        }
        return ExitCode.OK;
    }
}

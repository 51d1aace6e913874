package io.holdfast.cli.commands;

import io.holdfast.cli.CliException;
import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.cli.output.Output;
import io.holdfast.cli.progress.Progress;
import io.holdfast.cli.progress.ProgressCounters;
import io.holdfast.client.Holdfast;
import io.holdfast.engine.maintenance.BlobRef;
import io.holdfast.engine.maintenance.RepairPacksResult;
import io.holdfast.format.Id;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code holdfast repair packs ID...}: salvages damaged packs, as restic's. */
@Command(
        name = "packs",
        description = {
            "Salvage damaged packs.",
            "Copies every blob that still verifies into new packs, rebuilds the index without the damaged packs, then "
                    + "deletes them. A copy of each pack is kept first (in the current directory, or --copy-dir). "
                    + "Blobs with no intact copy are lost: then run 'repair snapshots --forget'."
        })
public final class RepairPacksCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    @Parameters(paramLabel = "ID", arity = "1..*", description = "Pack ids (64 hex digits), e.g. from 'check'.")
    List<String> ids = new ArrayList<>();

    @Option(names = "--copy-dir", paramLabel = "DIR", description = "Where to keep copies of the packs (default: .).")
    @Nullable
    Path copyDir;

    @Option(names = "--no-copy", description = "Do not keep copies of the damaged packs.")
    boolean noCopy;

    public RepairPacksCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() throws Exception {
        List<Id> packs = new ArrayList<>();
        for (String s : ids) {
            try {
                packs.add(Id.parse(s.strip().toLowerCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCode.USAGE, "'" + s + "' is not a pack id (64 hex digits)", e);
            }
        }
        Path dir = noCopy ? null : copyDir != null ? copyDir : Path.of("").toAbsolutePath();
        Output out = globals.output();
        ProgressCounters counters = new ProgressCounters();
        RepairPacksResult r;
        try (Holdfast h = Repos.open(globals);
                Progress progress = globals.startProgress(counters)) {
            r = h.repairPacks(packs, dir, new MaintenanceReporter(counters, out).showing(progress));
        }
        for (String p : r.problems()) {
            out.warn("warning: " + p);
        }
        if (out.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("message_type", "summary");
            m.put("packs_removed", r.packsRemoved().stream().map(Id::hex).toList());
            m.put("blobs_salvaged", r.blobsSalvaged());
            m.put("blobs_lost", r.lost().stream().map(BlobRef::toString).toList());
            m.put("copies", r.copies().stream().map(Path::toString).toList());
            m.put("problems", r.problems());
            out.emit(m);
        } else {
            out.print("salvaged " + r.blobsSalvaged() + " blobs; removed "
                    + r.packsRemoved().size() + " packs");
            if (!r.lost().isEmpty()) {
                out.print(r.lost().size() + " blobs could not be salvaged; run 'holdfast repair snapshots --forget' "
                        + "to remove them from the snapshots");
            }
        }
        return ExitCode.OK;
    }
}

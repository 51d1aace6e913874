package io.holdfast.cli.commands;

import io.holdfast.cli.CliException;
import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.cli.output.Output;
import io.holdfast.cli.progress.Progress;
import io.holdfast.cli.progress.ProgressCounters;
import io.holdfast.client.Holdfast;
import io.holdfast.engine.maintenance.MaxUnused;
import io.holdfast.engine.maintenance.PruneOptions;
import io.holdfast.engine.maintenance.PruneResult;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code holdfast prune}: removes data no snapshot needs. */
@Command(
        name = "prune",
        description = {
            "Remove data no snapshot needs: delete unused packs, repack partly used ones, rewrite the index.",
            "Packs are deleted only after the new packs and the new index are written, so an interrupted prune "
                    + "loses nothing: run it again. Takes an exclusive lock. Options and rules are restic's."
        })
public final class PruneCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    @Option(
            names = {"-n", "--dry-run"},
            description = "Only print what would be done; change nothing.")
    boolean dryRun;

    @Option(
            names = "--max-unused",
            paramLabel = "LIMIT",
            defaultValue = "5%",
            description = "Unused space to tolerate: a percentage (default ${DEFAULT-VALUE}), a size (k/m/g/t) "
                    + "or 'unlimited'.")
    String maxUnused = "5%";

    @Option(
            names = "--max-repack-size",
            paramLabel = "SIZE",
            description = "Repack at most this much (k/m/g/t suffixes).")
    @Nullable
    String maxRepackSize;

    @Option(names = "--repack-small", description = "Repack packs below 80%% of the target pack size.")
    boolean repackSmall;

    @Option(names = "--repack-uncompressed", description = "Repack all uncompressed data.")
    boolean repackUncompressed;

    @Option(names = "--repack-cacheable-only", description = "Only repack packs holding trees.")
    boolean repackCacheableOnly;

    public PruneCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    PruneOptions options() {
        try {
            long maxRepack = maxRepackSize == null ? Long.MAX_VALUE : MaxUnused.parseSize(maxRepackSize);
            return new PruneOptions(
                    dryRun,
                    MaxUnused.parse(maxUnused),
                    maxRepack,
                    repackSmall,
                    repackUncompressed,
                    repackCacheableOnly);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, String.valueOf(e.getMessage()), e);
        }
    }

    @Override
    public Integer call() throws Exception {
        PruneOptions opts = options();
        Output out = globals.output();
        ProgressCounters counters = new ProgressCounters();
        PruneResult r;
        int extended = -1;
        try (Holdfast h = Repos.open(globals);
                Progress progress = globals.startProgress(counters)) {
            MaintenanceReporter reporter = new MaintenanceReporter(counters, out).showing(progress);
            r = h.prune(opts, reporter);
            if (!opts.dryRun() && h.immutability().lockConfigured()) {
                // the repository is locked: keep what the remaining snapshots need locked ahead (lock extend)
                var immutability = h.immutability();
                extended = immutability.extend(immutability.planExtend(reporter), reporter);
            }
        }
        PruneReport.print(r, out, globals.verbosity());
        if (extended >= 0 && !out.json()) {
            out.print("extended " + extended + " object locks");
        }
        return ExitCode.OK;
    }
}

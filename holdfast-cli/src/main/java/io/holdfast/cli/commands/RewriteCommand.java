package io.holdfast.cli.commands;

import io.holdfast.cli.CliException;
import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.cli.TimeArg;
import io.holdfast.cli.output.GoText;
import io.holdfast.cli.output.Output;
import io.holdfast.client.Holdfast;
import io.holdfast.engine.Excludes;
import io.holdfast.engine.Rewriter;
import io.holdfast.engine.Snapshots;
import io.holdfast.format.Id;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code holdfast rewrite}: snapshots again without excluded files, or with a new host or time, as restic's. */
@Command(
        name = "rewrite",
        description = {
            "Rewrite snapshots to exclude unwanted files.",
            "Creates new snapshots holding the same data as the originals without the excluded paths (metadata, time,"
                    + " host and tags kept; the tag 'rewrite' added and 'original' naming the old snapshot). With"
                    + " --forget the originals are removed instead; their data stays until prune. Without SNAPSHOT,"
                    + " every snapshot passing --host, --tag and --path is rewritten. Snapshots under a legal hold"
                    + " can be rewritten but not forgotten."
        })
public final class RewriteCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    @Parameters(paramLabel = "SNAPSHOT", arity = "0..*", description = "Snapshot ids or prefixes, or latest.")
    List<String> snapshots = new ArrayList<>();

    @Mixin
    ExcludeOptions exclude = new ExcludeOptions();

    @Option(names = "--forget", description = "Remove the original snapshots after creating the new ones.")
    boolean forget;

    @Option(
            names = {"-n", "--dry-run"},
            description = "Do not do anything, just print what would be done.")
    boolean dryRun;

    @Option(names = "--new-host", paramLabel = "HOSTNAME", description = "Replace the host name.")
    @Nullable
    String newHost;

    @Option(
            names = "--new-time",
            paramLabel = "TIME",
            description = "Replace the time of the backup (\"2026-12-05 14:30:00\" local, or RFC 3339).")
    @Nullable
    String newTime;

    @Mixin
    SnapshotFilterOptions filter = new SnapshotFilterOptions();

    public RewriteCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() throws Exception {
        Instant time = null;
        try {
            if (newTime != null) {
                time = TimeArg.parse(newTime, ZoneId.systemDefault());
            }
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, String.valueOf(e.getMessage()));
        }
        Rewriter.Options options = new Rewriter.Options(
                Excludes.of(exclude.excludes, exclude.iexcludes, exclude.excludeFiles), forget, dryRun, newHost, time);
        if (options.nothingToDo()) {
            throw new CliException(ExitCode.FATAL, "Nothing to do: no excludes provided and no new metadata provided");
        }
        Output out = globals.output();
        Holdfast.RewriteResult r;
        try (Holdfast h = Repos.open(globals)) {
            r = h.rewrite(snapshots, filter.filter(), options, new Printer(out, dryRun, forget));
        } catch (IllegalStateException e) {
            throw new CliException(ExitCode.FATAL, String.valueOf(e.getMessage()), e);
        }
        for (String i : r.ignored()) {
            out.warn("Ignoring " + i);
        }
        out.info("");
        if (r.changed().isEmpty()) {
            out.info(dryRun ? "no snapshots would be modified" : "no snapshots were modified");
        } else {
            out.info((dryRun ? "would modify " : "modified ") + r.changed().size() + " snapshots");
        }
        return ExitCode.OK;
    }

    /** restic's lines: the snapshot, the paths left out (at -vv), the new snapshot, the removed one. */
    private record Printer(Output out, boolean dryRun, boolean forget) implements Rewriter.Listener {
        @Override
        public void snapshot(Snapshots.Ref ref) {
            out.info("");
            out.info("snapshot " + ref.id().shortHex() + " of ["
                    + String.join(" ", ref.snapshot().paths())
                    + "] at " + GoText.goString(ref.snapshot().time()) + " by "
                    + ref.snapshot().username() + "@"
                    + ref.snapshot().hostname());
        }

        @Override
        public void excluded(String path) {
            out.verbose(2, "excluding " + GoText.quote(path));
        }

        @Override
        public void saved(@Nullable Id id) {
            if (id == null) {
                out.info("would save new snapshot");
                if (forget) {
                    out.info("would remove old snapshot");
                }
            } else {
                out.info("saved new snapshot " + id.shortHex());
            }
        }

        @Override
        public void removed(Id id) {
            out.info("removed old snapshot " + id.shortHex());
        }
    }
}

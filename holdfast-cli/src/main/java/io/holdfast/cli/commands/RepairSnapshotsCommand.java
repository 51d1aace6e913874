package io.holdfast.cli.commands;

import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.cli.output.Output;
import io.holdfast.cli.progress.Progress;
import io.holdfast.cli.progress.ProgressCounters;
import io.holdfast.client.Holdfast;
import io.holdfast.engine.maintenance.RepairSnapshotsOptions;
import io.holdfast.engine.maintenance.RepairSnapshotsResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code holdfast repair snapshots}: removes missing data from snapshots, as restic's. */
@Command(
        name = "snapshots",
        description = {
            "Remove missing data from snapshots.",
            "Files lose their missing chunks (and shrink), directories whose tree is missing become empty, snapshots "
                    + "whose root is unreadable are deleted. Repaired copies get 'original' set and, without "
                    + "--forget, the tag 'repaired'. Run 'repair index' (and 'repair packs') first.",
            "WARNING: this loses the damaged data for good; if the files still exist, a new backup is better."
        })
public final class RepairSnapshotsCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    @Parameters(paramLabel = "SNAPSHOT", arity = "0..*", description = "Snapshots to repair (default: all).")
    List<String> snapshots = new ArrayList<>();

    @Option(
            names = {"-n", "--dry-run"},
            description = "Only print what would be done.")
    boolean dryRun;

    @Option(
            names = "--forget",
            description = "Delete each original snapshot once its repaired copy is saved (default: keep it).")
    boolean forget;

    public RepairSnapshotsCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() throws Exception {
        Output out = globals.output();
        ProgressCounters counters = new ProgressCounters();
        RepairSnapshotsResult r;
        try (Holdfast h = Repos.open(globals);
                Progress progress = globals.startProgress(counters)) {
            r = h.repairSnapshots(
                    new RepairSnapshotsOptions(dryRun, forget, snapshots),
                    new MaintenanceReporter(counters, out).showing(progress));
        }
        if (out.json()) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (RepairSnapshotsResult.Repaired s : r.snapshots()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", s.id().hex());
                m.put("outcome", s.outcome().name().toLowerCase(Locale.ROOT));
                if (s.replacement() != null) {
                    m.put("replacement", s.replacement().hex());
                }
                m.put("changes", s.changes());
                list.add(m);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("message_type", "summary");
            m.put("dry_run", r.dryRun());
            m.put("modified", r.modified());
            m.put("snapshots", list);
            out.emit(m);
        } else if (r.modified() == 0) {
            out.print(dryRun ? "no snapshots would be modified" : "no snapshots were modified");
        } else {
            out.print((dryRun ? "would modify " : "modified ") + r.modified() + " snapshots");
        }
        return ExitCode.OK;
    }
}

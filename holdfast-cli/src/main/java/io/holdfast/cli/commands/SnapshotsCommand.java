package io.holdfast.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.cli.output.GoText;
import io.holdfast.cli.output.Output;
import io.holdfast.cli.output.ResticJson;
import io.holdfast.cli.output.Table;
import io.holdfast.client.Holdfast;
import io.holdfast.engine.Snapshots;
import io.holdfast.format.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code holdfast snapshots}: lists snapshots. */
@Command(
        name = "snapshots",
        description = "List snapshots, oldest first: all, those passing --host/--tag/--path, or the SNAPSHOTs named.")
public final class SnapshotsCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    @Parameters(paramLabel = "SNAPSHOT", arity = "0..*", description = "Snapshots to list: ids, id prefixes, latest.")
    List<String> snapshots = new ArrayList<>();

    @Mixin
    SnapshotFilterOptions filter = new SnapshotFilterOptions();

    public SnapshotsCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() throws Exception {
        List<Snapshots.Ref> refs;
        try (Holdfast h = Repos.open(globals)) {
            refs = h.snapshots(snapshots, filter.filter());
        }
        Output out = globals.output();
        if (out.json()) {
            ArrayNode list = Output.mapper().createArrayNode();
            for (Snapshots.Ref r : refs) {
                list.add(ResticJson.snapshot(r, true));
            }
            out.emit(list);
            return ExitCode.OK;
        }
        Table t = new Table("ID", "Time", "Host", "Tags", "Paths");
        for (Snapshots.Ref r : refs) {
            Snapshot s = r.snapshot();
            t.row(
                    r.id().shortHex(),
                    GoText.localTime(s.time()),
                    s.hostname(),
                    String.join(",", s.tags()),
                    String.join("\n", s.paths()));
        }
        t.footer(refs.size() + " snapshots");
        out.table(t);
        return ExitCode.OK;
    }
}

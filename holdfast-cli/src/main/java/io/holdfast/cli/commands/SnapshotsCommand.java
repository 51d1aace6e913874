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
import picocli.CommandLine.Option;
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

    @Option(
            names = {"-c", "--compact"},
            description = "Use compact output format: no paths, one tag per line.")
    boolean compact;

    @Option(
            names = "--latest",
            paramLabel = "n",
            description = "Only show the last n snapshots for each host and path.")
    int latest;

    public SnapshotsCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    /**
     * The newest {@code n} snapshots of each host and set of paths, as restic's {@code --latest}; oldest first, like
     * the full list.
     */
    static List<Snapshots.Ref> latest(List<Snapshots.Ref> refs, int n) {
        java.util.Map<String, List<Snapshots.Ref>> groups = new java.util.LinkedHashMap<>();
        for (Snapshots.Ref r : refs) {
            List<String> paths = new ArrayList<>(r.snapshot().paths());
            java.util.Collections.sort(paths);
            groups.computeIfAbsent(
                            r.snapshot().hostname() + "\u0000" + String.join("\u0000", paths), k -> new ArrayList<>())
                    .add(r);
        }
        List<Snapshots.Ref> out = new ArrayList<>();
        java.util.Comparator<Snapshots.Ref> byTime =
                java.util.Comparator.comparing(r -> r.snapshot().time().toInstant());
        for (List<Snapshots.Ref> g : groups.values()) {
            g.sort(byTime.reversed());
            out.addAll(g.subList(0, Math.min(n, g.size())));
        }
        out.sort(byTime);
        return out;
    }

    @Override
    public Integer call() throws Exception {
        List<Snapshots.Ref> refs;
        try (Holdfast h = Repos.open(globals)) {
            refs = h.snapshots(snapshots, filter.filter());
        }
        if (latest > 0) {
            refs = latest(refs, latest);
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
        // restic pads the Host and Tags headers (so its columns are at least that wide): the same here
        Table t = compact
                ? new Table("ID", "Time", "Host", "Tags  ")
                : new Table("ID", "Time", "Host      ", "Tags      ", "Paths");
        for (Snapshots.Ref r : refs) {
            Snapshot s = r.snapshot();
            if (compact) {
                t.row(r.id().shortHex(), GoText.localTime(s.time()), s.hostname(), String.join("\n", s.tags()));
            } else {
                t.row(
                        r.id().shortHex(),
                        GoText.localTime(s.time()),
                        s.hostname(),
                        String.join(",", s.tags()),
                        String.join("\n", s.paths()));
            }
        }
        t.footer(refs.size() + " snapshots");
        out.table(t);
        return ExitCode.OK;
    }
}

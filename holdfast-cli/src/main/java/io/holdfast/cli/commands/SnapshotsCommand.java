package io.holdfast.cli.commands;

import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.cli.output.Output;
import io.holdfast.cli.output.Table;
import io.holdfast.client.Holdfast;
import io.holdfast.engine.Snapshots;
import io.holdfast.format.snapshot.Snapshot;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code holdfast snapshots}: lists snapshots. */
@Command(name = "snapshots", description = "List snapshots, oldest first.")
public final class SnapshotsCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final GlobalOptions globals;

    @Option(
            names = {"-H", "--host"},
            description = "Only snapshots of this host.")
    @Nullable
    String host;

    @Option(names = "--tag", split = ",", description = "Only snapshots with these tags.")
    List<String> tags = new ArrayList<>();

    @Option(names = "--path", description = "Only snapshots including this path.")
    List<String> paths = new ArrayList<>();

    public SnapshotsCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() throws Exception {
        List<Snapshots.Ref> refs;
        try (Holdfast h = Repos.open(globals)) {
            refs = h.snapshots().stream().filter(this::wanted).toList();
        }
        Output out = globals.output();
        if (out.json()) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (Snapshots.Ref r : refs) {
                Snapshot s = r.snapshot();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("time", s.time().toString());
                if (s.parent() != null) {
                    m.put("parent", s.parent().hex());
                }
                m.put("tree", s.tree().hex());
                m.put("paths", s.paths());
                m.put("hostname", s.hostname());
                m.put("username", s.username());
                m.put("tags", s.tags());
                m.put("id", r.id().hex());
                m.put("short_id", r.id().shortHex());
                list.add(m);
            }
            out.emit(list);
            return ExitCode.OK;
        }
        Table t = new Table("ID", "Time", "Host", "Tags", "Paths");
        for (Snapshots.Ref r : refs) {
            Snapshot s = r.snapshot();
            t.row(
                    r.id().shortHex(),
                    s.time().format(TIME),
                    s.hostname(),
                    String.join(",", s.tags()),
                    String.join("\n", s.paths()));
        }
        t.footer(refs.size() + " snapshots");
        out.table(t);
        return ExitCode.OK;
    }

    private boolean wanted(Snapshots.Ref r) {
        Snapshot s = r.snapshot();
        return (host == null || host.equals(s.hostname()))
                && s.tags().containsAll(tags)
                && s.paths().containsAll(paths);
    }
}

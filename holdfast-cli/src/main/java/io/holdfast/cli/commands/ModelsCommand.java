package io.holdfast.cli.commands;

import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.cli.output.Formats;
import io.holdfast.cli.output.Output;
import io.holdfast.cli.output.Table;
import io.holdfast.client.Holdfast;
import io.holdfast.engine.ModelRecord;
import io.holdfast.engine.SnapshotModels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code holdfast models}: lists the model files a snapshot recorded, with their validation status. */
@Command(
        name = "models",
        description = {
            "List the model files in a snapshot with format, tensor count, parameter count, dtypes and the"
                    + " validation status recorded at backup time (see 'holdfast validate' to check them again).",
            "Only files backed up with model detection on (the default) carry a record."
        })
public final class ModelsCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    @Parameters(index = "0", paramLabel = "SNAPSHOT", description = "latest or a snapshot id")
    String snapshot = "latest";

    @Parameters(index = "1", arity = "0..1", paramLabel = "PATH", description = "Only list below this path.")
    String path = "/";

    public ModelsCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() throws Exception {
        Output out = globals.output();
        List<SnapshotModels.Entry> entries;
        try (Holdfast h = Repos.open(globals)) {
            entries = h.models(snapshot, path);
        }
        if (out.json()) {
            for (SnapshotModels.Entry e : entries) {
                ModelRecord r = e.record();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("path", e.path());
                m.put("size", e.size());
                m.put("format", r.format());
                m.put("tensors", r.tensors());
                m.put("parameters", r.parameters());
                m.put("dtypes", r.dtypes());
                m.put("status", r.status());
                m.put("problem", r.problem());
                out.emit(m);
            }
            return ExitCode.OK;
        }
        Table t = new Table("Path", "Format", "Tensors", "Parameters", "Dtypes", "Status", "Size")
                .alignRight(2)
                .alignRight(3)
                .alignRight(6);
        for (SnapshotModels.Entry e : entries) {
            ModelRecord r = e.record();
            String dtypes = r.dtypes().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(x -> x.getKey() + ":" + x.getValue())
                    .collect(Collectors.joining(" "));
            t.row(
                    e.path(),
                    r.format(),
                    r.tensors(),
                    Formats.count(r.parameters()),
                    dtypes,
                    r.problem() == null ? r.status() : r.status() + ": " + r.problem(),
                    Formats.bytes(e.size()));
        }
        t.footer(entries.size() + " model file(s)");
        out.table(t);
        return ExitCode.OK;
    }
}

package io.holdfast.cli.commands;

import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.cli.output.Output;
import io.holdfast.client.Holdfast;
import io.holdfast.engine.Differ;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code holdfast diff}: what changed between two snapshots. */
@Command(
        name = "diff",
        description = "Show the differences between two snapshots: + added, - removed, M content, U metadata.")
public final class DiffCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    @Parameters(index = "0", paramLabel = "SNAPSHOT1")
    String first = "";

    @Parameters(index = "1", paramLabel = "SNAPSHOT2")
    String second = "";

    public DiffCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() throws Exception {
        List<Differ.Change> changes;
        try (Holdfast h = Repos.open(globals)) {
            changes = h.diff(first, second);
        }
        Output out = globals.output();
        int added = 0;
        int removed = 0;
        int modified = 0;
        for (Differ.Change c : changes) {
            switch (c.kind()) {
                case '+' -> added++;
                case '-' -> removed++;
                default -> modified++;
            }
            if (out.json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("message_type", "change");
                m.put("path", c.path());
                m.put("modifier", String.valueOf(c.kind()));
                out.emit(m);
            } else {
                out.print(c.kind() + "    " + c.path());
            }
        }
        if (out.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("message_type", "statistics");
            m.put("added", added);
            m.put("removed", removed);
            m.put("changed", modified);
            out.emit(m);
        } else {
            out.info("");
            out.info("Added: " + added + ", removed: " + removed + ", changed: " + modified);
        }
        return ExitCode.OK;
    }
}

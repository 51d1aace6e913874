package io.holdfast.cli.commands;

import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.cli.output.Formats;
import io.holdfast.cli.output.Output;
import io.holdfast.client.Holdfast;
import io.holdfast.engine.Differ;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code holdfast diff}: what changed between two snapshots, as restic's {@code diff} prints it. */
@Command(
        name = "diff",
        description = {
            "Show the differences between two snapshots: + added, - removed, M file content changed, T type changed,"
                    + " U metadata changed (with --metadata); then counts of files, directories, others and blobs.",
        })
public final class DiffCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    @Parameters(index = "0", paramLabel = "SNAPSHOT1")
    String first = "";

    @Parameters(index = "1", paramLabel = "SNAPSHOT2")
    String second = "";

    @Option(names = "--metadata", description = "Also show changes of metadata (modes, times, owners, ...).")
    boolean metadata;

    public DiffCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() throws Exception {
        Output out = globals.output();
        Differ.Result r;
        String header;
        try (Holdfast h = Repos.open(globals)) {
            header = "comparing snapshot " + h.snapshot(first).id().shortHex() + " to "
                    + h.snapshot(second).id().shortHex() + ":";
            r = h.diff(first, second, metadata);
        }
        for (String w : r.warnings()) {
            out.warn("warning: " + w);
        }
        if (out.json()) {
            for (Differ.Change c : r.changes()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("message_type", "change");
                m.put("path", c.path());
                m.put("modifier", c.modifier());
                out.emit(m);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("message_type", "statistics");
            m.put("source_snapshot", first);
            m.put("target_snapshot", second);
            m.put("changed_files", r.changedFiles());
            m.put("added", side(r.added()));
            m.put("removed", side(r.removed()));
            out.emit(m);
            return ExitCode.OK;
        }
        out.info(header); // restic prints it unless -q
        out.info("");
        for (Differ.Change c : r.changes()) {
            out.print(String.format(Locale.ROOT, "%-5s%s", c.modifier(), c.path()));
        }
        out.print("");
        print(
                out,
                "Files:       %5d new, %5d removed, %5d changed",
                r.added().files(),
                r.removed().files(),
                r.changedFiles());
        print(
                out,
                "Dirs:        %5d new, %5d removed",
                r.added().dirs(),
                r.removed().dirs());
        print(
                out,
                "Others:      %5d new, %5d removed",
                r.added().others(),
                r.removed().others());
        print(
                out,
                "Data Blobs:  %5d new, %5d removed",
                r.added().dataBlobs(),
                r.removed().dataBlobs());
        print(
                out,
                "Tree Blobs:  %5d new, %5d removed",
                r.added().treeBlobs(),
                r.removed().treeBlobs());
        out.print("  Added:   " + Formats.bytes(r.added().bytes()));
        out.print("  Removed: " + Formats.bytes(r.removed().bytes()));
        return ExitCode.OK;
    }

    private static void print(Output out, String format, Object... args) {
        out.print(String.format(Locale.ROOT, format, args));
    }

    private static Map<String, Object> side(Differ.Side s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("files", s.files());
        m.put("dirs", s.dirs());
        m.put("others", s.others());
        m.put("data_blobs", s.dataBlobs());
        m.put("tree_blobs", s.treeBlobs());
        m.put("bytes", s.bytes());
        return m;
    }
}

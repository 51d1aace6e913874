package io.holdfast.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.holdfast.cli.CliException;
import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.cli.output.GoText;
import io.holdfast.cli.output.Output;
import io.holdfast.cli.output.ResticJson;
import io.holdfast.client.Holdfast;
import io.holdfast.engine.Snapshots;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.NodeType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code holdfast ls}: lists the files of a snapshot as restic's {@code ls} does: every path, or, for each {@code DIR}
 * given, that directory and its entries ({@code --recursive}: everything below it).
 */
@Command(
        name = "ls",
        description = {
            "List the files in a snapshot. DIRs (absolute paths) limit the listing to those directories and their"
                    + " entries; --recursive lists everything below them.",
            "--host, --tag and --path choose the snapshot 'latest' stands for."
        })
public final class LsCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    @Parameters(index = "0", paramLabel = "SNAPSHOT", description = "latest or a snapshot id")
    String snapshot = "latest";

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "DIR", description = "Only list in these directories.")
    List<String> dirs = new ArrayList<>();

    @Option(
            names = {"-l", "--long"},
            description = "Show mode, owner, size and time.")
    boolean longFormat;

    @Option(names = "--recursive", description = "Include everything below the DIRs, not only their entries.")
    boolean recursive;

    @Mixin
    SnapshotFilterOptions filter = new SnapshotFilterOptions();

    public LsCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() throws Exception {
        for (String d : dirs) {
            if (!d.startsWith("/")) {
                throw new CliException(
                        ExitCode.FATAL,
                        "path filters must be absolute, starting with a forward slash '/': '" + d + "'");
            }
        }
        Output out = globals.output();
        try (Holdfast h = Repos.open(globals)) {
            Snapshots.Ref ref = h.snapshot(snapshot, filter.filter());
            if (out.json()) {
                ObjectNode head = ResticJson.snapshot(ref, true);
                head.put("message_type", "snapshot");
                head.put("struct_type", "snapshot");
                out.emit(head);
            } else {
                out.info(String.format(
                        Locale.ROOT,
                        "snapshot %s of [%s] filtered by [%s] at %s):",
                        ref.id().shortHex(),
                        String.join(" ", ref.snapshot().paths()),
                        String.join(" ", dirs),
                        GoText.goString(ref.snapshot().time())));
            }
            h.ls(ref, (path, n) -> {
                if (within(path)) {
                    print(out, path, n);
                    if (recursive) {
                        return true;
                    }
                }
                return approaching(path);
            });
        }
        return ExitCode.OK;
    }

    /** Whether {@code path} is one of the DIRs or below one (restic's {@code withinDir}). */
    private boolean within(String path) {
        return dirs.isEmpty() || dirs.stream().anyMatch(d -> hasPrefix(d, path));
    }

    /** Whether a DIR lies at or below {@code path}, so the walk must go on into it. */
    private boolean approaching(String path) {
        return dirs.isEmpty() || dirs.stream().anyMatch(d -> hasPrefix(path, d));
    }

    /** restic's {@code fs.HasPathPrefix}: whether {@code p} is {@code base} or below it, by path components. */
    static boolean hasPrefix(String base, String p) {
        List<String> b = components(base);
        List<String> c = components(p);
        return b.size() <= c.size() && c.subList(0, b.size()).equals(b);
    }

    private static List<String> components(String path) {
        List<String> out = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!out.isEmpty()) {
                    out.removeLast();
                }
            } else {
                out.add(part);
            }
        }
        return out;
    }

    private void print(Output out, String path, Node n) {
        if (out.json()) {
            out.emit(ResticJson.node(path, n));
        } else if (longFormat) {
            out.print(longLine(path, n));
        } else {
            out.print(path);
        }
    }

    /** One entry in restic's long listing ({@code ls -l}, {@code find -l}). */
    static String longLine(String path, Node n) {
        return String.format(
                Locale.ROOT,
                "%s %5d %5d %6d %s %s%s",
                GoText.nodeMode(n.type(), n.mode()),
                n.uid(),
                n.gid(),
                n.size(),
                GoText.localTime(n.mtime()),
                path,
                n.type() == NodeType.SYMLINK ? " -> " + n.linkTarget() : "");
    }
}

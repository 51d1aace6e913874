package io.holdfast.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.holdfast.cli.CliException;
import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.cli.TimeArg;
import io.holdfast.cli.output.GoText;
import io.holdfast.cli.output.Output;
import io.holdfast.client.Holdfast;
import io.holdfast.engine.PathMatch;
import io.holdfast.engine.Snapshots;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.NodeType;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code holdfast find}: files and directories matching patterns, in every snapshot (or those chosen). */
@Command(
        name = "find",
        description = {
            "Find files and directories whose path matches a PATTERN, in every snapshot or those given with -s.",
            "A pattern of glob components (*, ?, [...], ** across names) matches a path from any name on (from the"
                    + " root if it starts with /), and then everything below it, as restic's find."
        })
public final class FindCommand implements Callable<Integer> {

    private final GlobalOptions globals;

    @Parameters(paramLabel = "PATTERN", arity = "1..*", description = "What to look for, e.g. '*.safetensors'.")
    List<String> patterns = new ArrayList<>();

    @Option(
            names = {"-i", "--ignore-case"},
            description = "Ignore case for the patterns.")
    boolean ignoreCase;

    @Option(
            names = {"-l", "--long"},
            description = "Show mode, owner, size and time, as ls -l.")
    boolean longFormat;

    @Option(
            names = {"-s", "--snapshot"},
            paramLabel = "ID",
            description = "Search this snapshot (repeatable; default: all passing --host, --tag and --path).")
    List<String> snapshots = new ArrayList<>();

    @Option(
            names = {"-O", "--oldest"},
            paramLabel = "TIME",
            description = "Only entries modified at or after TIME (YYYY-MM-DD[ HH:MM[:SS]], local time).")
    @Nullable
    String oldest;

    @Option(
            names = {"-N", "--newest"},
            paramLabel = "TIME",
            description = "Only entries modified at or before TIME (YYYY-MM-DD[ HH:MM[:SS]], local time).")
    @Nullable
    String newest;

    @Mixin
    SnapshotFilterOptions filter = new SnapshotFilterOptions();

    public FindCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    /** restic's {@code YYYY-MM-DD}, {@code YYYY-MM-DD HH:MM} and {@code YYYY-MM-DD HH:MM:SS} (and RFC 3339), local. */
    static OffsetDateTime time(String option, String text) {
        ZoneId zone = ZoneId.systemDefault();
        try {
            return TimeArg.parse(text, zone).atZone(zone).toOffsetDateTime();
        } catch (IllegalArgumentException e) {
            throw new CliException(
                    ExitCode.USAGE,
                    option + " '" + text + "' is not a time: use YYYY-MM-DD, YYYY-MM-DD HH:MM or YYYY-MM-DD HH:MM:SS");
        }
    }

    @Override
    public Integer call() throws Exception {
        List<PathMatch> matchers =
                patterns.stream().map(p -> PathMatch.of(p, ignoreCase)).toList();
        OffsetDateTime from = oldest == null ? null : time("--oldest", oldest);
        OffsetDateTime to = newest == null ? null : time("--newest", newest);
        Output out = globals.output();
        ArrayNode json = Output.mapper().createArrayNode();
        try (Holdfast h = Repos.open(globals)) {
            List<Snapshots.Ref> refs = h.snapshots(snapshots, filter.filter());
            int found = 0;
            for (Snapshots.Ref ref : refs) {
                List<String> lines = new ArrayList<>();
                ArrayNode matches = Output.mapper().createArrayNode();
                h.ls(ref, (path, n) -> {
                    boolean timeOk = (from == null || !n.mtime().isBefore(from))
                            && (to == null || !n.mtime().isAfter(to));
                    if (timeOk && matchers.stream().anyMatch(m -> m.matches(path))) {
                        if (out.json()) {
                            matches.add(match(path, n));
                        } else {
                            lines.add(longFormat ? LsCommand.longLine(path, n) : path);
                        }
                    }
                    return true;
                });
                if (out.json()) {
                    if (!matches.isEmpty()) {
                        ObjectNode o = json.addObject();
                        o.set("matches", matches);
                        o.put("hits", matches.size());
                        o.put("snapshot", ref.id().hex());
                    }
                } else if (!lines.isEmpty()) {
                    if (found++ > 0) {
                        out.print("");
                    }
                    out.print("Found matching entries in snapshot " + ref.id().shortHex() + " from "
                            + GoText.localTime(ref.snapshot().time()));
                    lines.forEach(out::print);
                }
            }
        }
        if (out.json()) {
            out.emit(json);
        }
        return ExitCode.OK;
    }

    /** One match as restic's find prints it in JSON. */
    private static ObjectNode match(String path, Node n) {
        ObjectNode o = Output.mapper().createObjectNode();
        o.put("path", path);
        o.put("permissions", GoText.fileMode(n.mode()));
        o.put("type", n.type().jsonName());
        o.put("mode", GoText.unsignedMode(n.mode()));
        o.put("mtime", io.holdfast.format.json.GoTime.format(n.mtime()));
        o.put("atime", io.holdfast.format.json.GoTime.format(n.atime()));
        o.put("ctime", io.holdfast.format.json.GoTime.format(n.ctime()));
        o.put("uid", n.uid());
        o.put("gid", n.gid());
        o.put("user", n.user());
        o.put("group", n.group());
        o.put("device_id", n.deviceId());
        if (n.type() == NodeType.FILE) {
            o.put("size", n.size());
        }
        if (n.links() != 0) {
            o.put("links", n.links());
        }
        if (n.type() == NodeType.SYMLINK) {
            o.put("linktarget", n.linkTarget());
        }
        return o;
    }
}

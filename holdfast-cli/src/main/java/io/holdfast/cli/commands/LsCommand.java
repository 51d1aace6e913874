package io.holdfast.cli.commands;

import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.cli.output.Output;
import io.holdfast.client.Holdfast;
import io.holdfast.format.tree.FileModes;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.NodeType;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code holdfast ls}: lists the files of a snapshot. */
@Command(name = "ls", description = "List the files in a snapshot, optionally below a path.")
public final class LsCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final GlobalOptions globals;

    @Parameters(index = "0", paramLabel = "SNAPSHOT", description = "latest or a snapshot id")
    String snapshot = "latest";

    @Parameters(index = "1", arity = "0..1", paramLabel = "PATH", description = "Only list below this path.")
    @Nullable
    String dir;

    @Option(
            names = {"-l", "--long"},
            description = "Show mode, owner, size and time.")
    boolean longFormat;

    public LsCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() throws Exception {
        Output out = globals.output();
        String prefix = dir == null ? "/" : (dir.startsWith("/") ? dir : "/" + dir);
        try (Holdfast h = Repos.open(globals)) {
            h.ls(snapshot, (path, n) -> {
                boolean inside = path.equals(prefix) || path.startsWith(prefix.endsWith("/") ? prefix : prefix + "/");
                boolean onTheWay = prefix.startsWith(path + "/");
                if (inside) {
                    print(out, path, n);
                }
                return inside || onTheWay;
            });
        }
        return ExitCode.OK;
    }

    private void print(Output out, String path, Node n) {
        if (out.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", n.name());
            m.put("type", n.type().jsonName());
            m.put("path", path);
            m.put("uid", n.uid());
            m.put("gid", n.gid());
            m.put("size", n.size());
            m.put("mode", n.mode());
            m.put("mtime", n.mtime().toString());
            m.put("struct_type", "node");
            out.emit(m);
        } else if (longFormat) {
            String perms = PosixFilePermissions.toString(
                    PosixFilePermissions.fromString(rwx(FileModes.posixPermissions(n.mode()) & 0777)));
            char kind = n.type() == NodeType.DIR ? 'd' : n.type() == NodeType.SYMLINK ? 'L' : '-';
            out.print(String.format(
                    "%c%s %5d %5d %12d %s %s%s",
                    kind,
                    perms,
                    n.uid(),
                    n.gid(),
                    n.size(),
                    n.mtime().format(TIME),
                    path,
                    n.type() == NodeType.SYMLINK ? " -> " + n.linkTarget() : ""));
        } else {
            out.print(path);
        }
    }

    private static String rwx(int mode) {
        StringBuilder sb = new StringBuilder();
        String chars = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            sb.append((mode & (1 << (8 - i))) != 0 ? chars.charAt(i) : '-');
        }
        return sb.toString();
    }
}

package io.holdfast.cli.commands;

import io.holdfast.cli.CliException;
import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.client.Holdfast;
import io.holdfast.engine.SnapshotFileSource;
import io.holdfast.engine.Snapshots;
import io.holdfast.engine.TreeWalker;
import io.holdfast.format.Id;
import io.holdfast.format.tree.FileModes;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.NodeType;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code holdfast dump}: one file of a snapshot to standard output, or a folder as a tar or zip archive. */
@Command(
        name = "dump",
        description = {
            "Write a file of a snapshot to standard output, or a folder (/ for the whole snapshot) as a tar or zip"
                    + " archive of everything below it, as restic's dump.",
            "Also the way to read a single file without restoring: 'holdfast dump latest /data/x.json | jq'."
        })
public final class DumpCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    @Parameters(index = "0", paramLabel = "SNAPSHOT", description = "latest or a snapshot id")
    String snapshot = "latest";

    @Parameters(index = "1", paramLabel = "PATH", description = "The file or folder, an absolute path in the snapshot.")
    String path = "/";

    @Option(
            names = {"-a", "--archive"},
            paramLabel = "FORMAT",
            description = "Archive format for a folder: tar (default) or zip.")
    String archive = "tar";

    @Mixin
    SnapshotFilterOptions filter = new SnapshotFilterOptions();

    public DumpCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() throws Exception {
        if (!archive.equals("tar") && !archive.equals("zip")) {
            throw new CliException(ExitCode.USAGE, "unknown archive format '" + archive + "': use tar or zip");
        }
        String p = path.startsWith("/") ? path : "/" + path;
        globals.environment().out().flush();
        try (Holdfast h = Repos.open(globals)) {
            Snapshots.Ref ref = h.snapshot(snapshot, filter.filter());
            h.repository().loadIndex();
            TreeWalker walker = new TreeWalker(h.repository());
            Id dir;
            if (p.equals("/")) {
                dir = ref.snapshot().tree();
            } else {
                Node n = walker.find(ref.snapshot().tree(), p);
                if (n == null) {
                    throw new CliException(
                            ExitCode.FATAL,
                            "cannot dump file: path \"" + p + "\" not found in snapshot "
                                    + ref.id().shortHex());
                }
                if (n.type() != NodeType.DIR) {
                    try (OutputStream out = stdout()) {
                        new SnapshotFileSource(h.repository(), p, n).transferTo(out);
                    }
                    return ExitCode.OK;
                }
                dir = Objects.requireNonNull(n.subtree());
            }
            try (OutputStream raw = stdout();
                    ArchiveOutputStream<? extends ArchiveEntry> out =
                            archive.equals("zip") ? new ZipArchiveOutputStream(raw) : tar(raw)) {
                walker.walk(dir, p.equals("/") ? "/" : p, (entry, n) -> {
                    write(out, h, entry, n);
                    return true;
                });
                out.finish();
            }
        }
        return ExitCode.OK;
    }

    private static TarArchiveOutputStream tar(OutputStream raw) {
        TarArchiveOutputStream t = new TarArchiveOutputStream(raw);
        t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        t.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        return t;
    }

    /** Standard output as bytes, not text; the launcher's stream is left open for the error reporter. */
    private static OutputStream stdout() {
        return new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 20) {
            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static void write(ArchiveOutputStream<? extends ArchiveEntry> out, Holdfast h, String path, Node n)
            throws IOException {
        String name = path.substring(1) + (n.type() == NodeType.DIR ? "/" : "");
        if (out instanceof ZipArchiveOutputStream zip) {
            if (n.type() != NodeType.DIR && n.type() != NodeType.FILE) {
                return; // zip keeps files and folders only, as restic's
            }
            ZipArchiveEntry e = new ZipArchiveEntry(name);
            e.setLastModifiedTime(FileTime.from(n.mtimeInstant()));
            e.setUnixMode(FileModes.toPosix(n.mode()));
            zip.putArchiveEntry(e);
            if (n.type() == NodeType.FILE) {
                new SnapshotFileSource(h.repository(), path, n).transferTo(zip);
            }
            zip.closeArchiveEntry();
            return;
        }
        TarArchiveOutputStream tar = (TarArchiveOutputStream) out;
        TarArchiveEntry e;
        switch (n.type()) {
            case DIR -> e = new TarArchiveEntry(name, TarConstants.LF_DIR);
            case FILE -> {
                e = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
                e.setSize(n.size());
            }
            case SYMLINK -> {
                e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                e.setLinkName(n.linkTarget());
            }
            default -> {
                return; // devices, FIFOs and sockets are not dumped, as restic's
            }
        }
        e.setMode(FileModes.posixPermissions(n.mode()));
        e.setModTime(FileTime.from(n.mtimeInstant()));
        e.setUserId(n.uid());
        e.setGroupId(n.gid());
        e.setUserName(n.user());
        e.setGroupName(n.group());
        tar.putArchiveEntry(e);
        if (n.type() == NodeType.FILE) {
            new SnapshotFileSource(h.repository(), path, n).transferTo(tar);
        }
        tar.closeArchiveEntry();
    }
}

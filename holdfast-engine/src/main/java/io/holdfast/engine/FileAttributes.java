package io.holdfast.engine;

import io.holdfast.engine.fs.FileStat;
import io.holdfast.engine.fs.FsPath;
import io.holdfast.engine.fs.LocalFs;
import io.holdfast.format.model.codec.CodecManifest;
import io.holdfast.format.tree.ExtendedAttribute;
import io.holdfast.format.tree.FileModes;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.NodeBuilder;
import io.holdfast.format.tree.NodeType;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * A node's metadata from {@code lstat} and the extended attributes, as restic's archiver records it: owner ids and
 * names, Go's file mode, nanosecond times in the local zone, inode and device of every node and the link count of files,
 * symbolic links and devices (so hard links are recognised on restore), {@code rdev} of devices, and every extended attribute the process can read, in the file
 * system's order.
 */
final class FileAttributes {
    private static final ZoneId ZONE = ZoneId.systemDefault();

    private FileAttributes() {}

    static OffsetDateTime time(long sec, int nsec) {
        return OffsetDateTime.ofInstant(Instant.ofEpochSecond(sec, nsec), ZONE);
    }

    /** Fills a node with everything but content, subtree, link target and extended attributes. */
    static NodeBuilder node(LocalFs fs, byte[] name, NodeType type, FileStat s) {
        NodeBuilder b = Node.builder()
                .name(name)
                .type(type)
                .mode(FileModes.fromPosix(s.mode()))
                .mtime(time(s.mtimeSec(), s.mtimeNsec()))
                .atime(time(s.atimeSec(), s.atimeNsec()))
                .ctime(time(s.ctimeSec(), s.ctimeNsec()))
                .uid(s.uid())
                .gid(s.gid())
                .user(fs.userName(s.uid()))
                .group(fs.groupName(s.gid()))
                .inode(s.ino())
                .deviceId(s.dev());
        switch (type) {
            case FILE, SYMLINK -> b.links(s.nlink());
            case DEV, CHARDEV -> b.links(s.nlink()).device(s.rdev());
            default -> {} // restic records no link count for directories, FIFOs and sockets
        }
        return b;
    }

    /**
     * The path's extended attributes of every namespace, without the model codec's reserved one (a file restic
     * restored from an encoded node carries it); an error is reported and the node kept without them.
     */
    static List<ExtendedAttribute> xattrs(LocalFs fs, FsPath p, BackupProgress progress) {
        try {
            List<ExtendedAttribute> all = fs.xattrs(p);
            List<ExtendedAttribute> out = new ArrayList<>(all.size());
            for (ExtendedAttribute a : all) {
                if (!a.name().equals(CodecManifest.XATTR)) {
                    out.add(a);
                }
            }
            return out;
        } catch (IOException e) {
            progress.error(p.toString(), e);
            return List.of();
        }
    }

    /** The node type of a POSIX mode. */
    static NodeType type(int stMode) {
        return NodeType.ofGoMode(FileModes.fromPosix(stMode));
    }
}

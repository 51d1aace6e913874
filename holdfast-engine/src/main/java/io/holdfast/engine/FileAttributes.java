package io.holdfast.engine;

import io.holdfast.format.tree.ExtendedAttribute;
import io.holdfast.format.tree.FileModes;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.NodeBuilder;
import io.holdfast.format.tree.NodeType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Reads a path's metadata (lstat, owner names, xattrs) into a tree node builder. */
final class FileAttributes {
    private static final ZoneId ZONE = ZoneId.systemDefault();
    private static final Map<Integer, String> USERS = new ConcurrentHashMap<>();
    private static final Map<Integer, String> GROUPS = new ConcurrentHashMap<>();

    private FileAttributes() {}

    /** lstat of a path: the attributes of the "unix" view. */
    static Map<String, Object> lstat(Path p) throws IOException {
        return Files.readAttributes(p, "unix:*", LinkOption.NOFOLLOW_LINKS);
    }

    static int mode(Map<String, Object> a) {
        return (int) num(a, "mode");
    }

    static long size(Map<String, Object> a) {
        return num(a, "size");
    }

    static long inode(Map<String, Object> a) {
        return num(a, "ino");
    }

    /** A numeric attribute of the unix view, which Linux always provides. */
    static long num(Map<String, Object> a, String key) {
        if (a.get(key) instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalStateException("file system did not report unix:" + key);
    }

    static OffsetDateTime time(Map<String, Object> a, String key) {
        if (a.get(key) instanceof FileTime t) {
            Instant i = t.toInstant();
            return OffsetDateTime.ofInstant(i, ZONE);
        }
        throw new IllegalStateException("file system did not report unix:" + key);
    }

    /** Fills a node with everything but content and subtree. */
    static NodeBuilder node(Path p, String name, NodeType type, Map<String, Object> a) {
        int uid = (int) num(a, "uid");
        int gid = (int) num(a, "gid");
        NodeBuilder b = Node.builder()
                .name(name)
                .type(type)
                .mode(FileModes.fromPosix(mode(a)))
                .mtime(time(a, "lastModifiedTime"))
                .atime(time(a, "lastAccessTime"))
                .ctime(time(a, "ctime"))
                .uid(uid)
                .gid(gid)
                .user(USERS.computeIfAbsent(uid, u -> owner(a, "owner")))
                .group(GROUPS.computeIfAbsent(gid, g -> owner(a, "group")))
                .inode(inode(a))
                .deviceId(num(a, "dev"))
                .links(num(a, "nlink"));
        if (type == NodeType.DEV || type == NodeType.CHARDEV) {
            b.device(num(a, "rdev"));
        }
        if (type != NodeType.SYMLINK) {
            b.extendedAttributes(xattrs(p));
        }
        return b;
    }

    private static String owner(Map<String, Object> a, String key) {
        Object o = a.get(key);
        return o instanceof UserPrincipal u ? u.getName() : "";
    }

    static List<ExtendedAttribute> xattrs(Path p) {
        List<ExtendedAttribute> out = new ArrayList<>();
        try {
            UserDefinedFileAttributeView v = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class);
            if (v == null) {
                return out;
            }
            for (String n : v.list()) {
                ByteBuffer buf = ByteBuffer.allocate(v.size(n));
                v.read(n, buf);
                if (("user." + n).equals(io.holdfast.format.model.codec.CodecManifest.XATTR)) {
                    continue; // reserved for the model codec's manifest (a file restic restored from an encoded node)
                }
                out.add(ExtendedAttribute.of("user." + n, java.util.Arrays.copyOf(buf.array(), buf.position())));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // file system without user xattrs: nothing to record
        }
        out.sort(java.util.Comparator.comparing(ExtendedAttribute::name));
        return out;
    }

    /** The node type of a unix mode. */
    static NodeType type(int mode) {
        return NodeType.ofGoMode(FileModes.fromPosix(mode));
    }
}

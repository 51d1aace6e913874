package io.holdfast.format.tree;

import org.jspecify.annotations.Nullable;

/** The kind of a tree node, with restic's JSON name and Go's {@code os.FileMode} type bits. */
public enum NodeType {
    FILE("file", 0),
    DIR("dir", FileModes.DIR),
    SYMLINK("symlink", FileModes.SYMLINK),
    /** A block device. */
    DEV("dev", FileModes.DEVICE),
    CHARDEV("chardev", FileModes.DEVICE | FileModes.CHAR_DEVICE),
    FIFO("fifo", FileModes.NAMED_PIPE),
    SOCKET("socket", FileModes.SOCKET),
    /** Something that is none of the others; later restic versions write it for e.g. Windows reparse points. */
    IRREGULAR("irregular", FileModes.IRREGULAR);

    private final String jsonName;
    private final int modeBits;

    NodeType(String jsonName, int modeBits) {
        this.jsonName = jsonName;
        this.modeBits = modeBits;
    }

    /** The value of the node's {@code type} field. */
    public String jsonName() {
        return jsonName;
    }

    /** The Go {@code os.FileMode} type bits of this kind. */
    public int modeBits() {
        return modeBits;
    }

    /** The type with this JSON name, or {@code null} if there is none. */
    public static @Nullable NodeType ofJson(String name) {
        return switch (name) {
            case "file" -> FILE;
            case "dir" -> DIR;
            case "symlink" -> SYMLINK;
            case "dev" -> DEV;
            case "chardev" -> CHARDEV;
            case "fifo" -> FIFO;
            case "socket" -> SOCKET;
            case "irregular" -> IRREGULAR;
            default -> null;
        };
    }

    /** The type given by the type bits of a Go {@code os.FileMode}, as restic's archiver decides it. */
    public static NodeType ofGoMode(int goMode) {
        int type = goMode & FileModes.TYPE;
        if (type == 0) {
            return FILE;
        }
        for (NodeType t : values()) {
            if (t.modeBits == type) {
                return t;
            }
        }
        return IRREGULAR;
    }
}

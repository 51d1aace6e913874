package io.holdfast.format.tree;

/**
 * Go's {@code os.FileMode} bits, which restic stores in a node's {@code mode}, and conversion from and to a POSIX
 * {@code st_mode} (as Java's {@code unix:mode} attribute gives it). A Go mode is a {@code uint32} kept in an
 * {@code int}: the directory bit is the sign bit.
 */
public final class FileModes {
    /** {@code os.ModeDir}. */
    public static final int DIR = 1 << 31;
    /** {@code os.ModeAppend}. */
    public static final int APPEND = 1 << 30;
    /** {@code os.ModeExclusive}. */
    public static final int EXCLUSIVE = 1 << 29;
    /** {@code os.ModeTemporary}. */
    public static final int TEMPORARY = 1 << 28;
    /** {@code os.ModeSymlink}. */
    public static final int SYMLINK = 1 << 27;
    /** {@code os.ModeDevice}. */
    public static final int DEVICE = 1 << 26;
    /** {@code os.ModeNamedPipe}. */
    public static final int NAMED_PIPE = 1 << 25;
    /** {@code os.ModeSocket}. */
    public static final int SOCKET = 1 << 24;
    /** {@code os.ModeSetuid}. */
    public static final int SETUID = 1 << 23;
    /** {@code os.ModeSetgid}. */
    public static final int SETGID = 1 << 22;
    /** {@code os.ModeCharDevice}, set together with {@link #DEVICE}. */
    public static final int CHAR_DEVICE = 1 << 21;
    /** {@code os.ModeSticky}. */
    public static final int STICKY = 1 << 20;
    /** {@code os.ModeIrregular}. */
    public static final int IRREGULAR = 1 << 19;
    /** {@code os.ModeType}: all type bits. */
    public static final int TYPE = DIR | SYMLINK | NAMED_PIPE | SOCKET | DEVICE | CHAR_DEVICE | IRREGULAR;
    /** {@code os.ModePerm}: the nine permission bits. */
    public static final int PERM = 0777;
    /** The bits restic keeps from a file's mode: permissions, type, setuid, setgid, sticky. */
    public static final int RESTIC_MASK = PERM | TYPE | SETUID | SETGID | STICKY;

    /** POSIX {@code S_IFMT} and its values. */
    public static final int S_IFMT = 0170000;

    public static final int S_IFSOCK = 0140000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFIFO = 0010000;
    /** POSIX set-user-id, set-group-id and sticky bits. */
    public static final int S_ISUID = 04000;

    public static final int S_ISGID = 02000;
    public static final int S_ISVTX = 01000;

    private FileModes() {}

    /**
     * The Go {@code os.FileMode} of a POSIX {@code st_mode}, as Go's {@code os.Lstat} computes it on Linux. An unknown
     * file type gets no type bits, as in Go.
     */
    public static int fromPosix(int stMode) {
        int mode = stMode & PERM;
        mode |= switch (stMode & S_IFMT) {
            case S_IFBLK -> DEVICE;
            case S_IFCHR -> DEVICE | CHAR_DEVICE;
            case S_IFDIR -> DIR;
            case S_IFIFO -> NAMED_PIPE;
            case S_IFLNK -> SYMLINK;
            case S_IFSOCK -> SOCKET;
            default -> 0;
        };
        if ((stMode & S_ISGID) != 0) {
            mode |= SETGID;
        }
        if ((stMode & S_ISUID) != 0) {
            mode |= SETUID;
        }
        if ((stMode & S_ISVTX) != 0) {
            mode |= STICKY;
        }
        return mode;
    }

    /**
     * The POSIX {@code st_mode} of a Go {@code os.FileMode}: file type, permissions, setuid, setgid and sticky. An
     * irregular mode has no POSIX type and maps to type bits 0.
     */
    public static int toPosix(int goMode) {
        int type;
        if ((goMode & DIR) != 0) {
            type = S_IFDIR;
        } else if ((goMode & SYMLINK) != 0) {
            type = S_IFLNK;
        } else if ((goMode & DEVICE) != 0) {
            type = (goMode & CHAR_DEVICE) != 0 ? S_IFCHR : S_IFBLK;
        } else if ((goMode & NAMED_PIPE) != 0) {
            type = S_IFIFO;
        } else if ((goMode & SOCKET) != 0) {
            type = S_IFSOCK;
        } else if ((goMode & IRREGULAR) != 0) {
            type = 0;
        } else {
            type = S_IFREG;
        }
        return type | posixPermissions(goMode);
    }

    /** The POSIX permission bits ({@code 07777}) of a Go {@code os.FileMode}, as for {@code chmod}. */
    public static int posixPermissions(int goMode) {
        int perm = goMode & PERM;
        if ((goMode & SETUID) != 0) {
            perm |= S_ISUID;
        }
        if ((goMode & SETGID) != 0) {
            perm |= S_ISGID;
        }
        if ((goMode & STICKY) != 0) {
            perm |= S_ISVTX;
        }
        return perm;
    }
}

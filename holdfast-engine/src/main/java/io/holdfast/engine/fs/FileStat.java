package io.holdfast.engine.fs;

import io.holdfast.format.tree.FileModes;
import java.time.Instant;

/**
 * What {@code lstat} says of a path, with nanosecond times. Device numbers are in glibc's {@code dev_t} encoding (as
 * {@code st_dev} and {@code st_rdev}, which restic stores).
 *
 * @param mode the POSIX {@code st_mode}: file type and permission bits
 * @param blocks allocated 512-byte blocks
 */
public record FileStat(
        int mode,
        long ino,
        long dev,
        long nlink,
        long uid,
        long gid,
        long rdev,
        long size,
        long blocks,
        long atimeSec,
        int atimeNsec,
        long mtimeSec,
        int mtimeNsec,
        long ctimeSec,
        int ctimeNsec) {

    /** The file type bits ({@code st_mode & S_IFMT}). */
    public int type() {
        return mode & FileModes.S_IFMT;
    }

    public boolean isDirectory() {
        return type() == FileModes.S_IFDIR;
    }

    public boolean isRegularFile() {
        return type() == FileModes.S_IFREG;
    }

    public boolean isSymbolicLink() {
        return type() == FileModes.S_IFLNK;
    }

    public Instant atime() {
        return Instant.ofEpochSecond(atimeSec, atimeNsec);
    }

    public Instant mtime() {
        return Instant.ofEpochSecond(mtimeSec, mtimeNsec);
    }

    public Instant ctime() {
        return Instant.ofEpochSecond(ctimeSec, ctimeNsec);
    }

    /** glibc's {@code makedev}. */
    public static long makedev(long major, long minor) {
        return (major & 0xfffff000L) << 32 | (major & 0xfffL) << 8 | (minor & 0xffffff00L) << 12 | (minor & 0xffL);
    }
}

package io.holdfast.client.objectstore;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * A directory of the listed objects: the '/'-separated key parts become directories, the last part a file. Its
 * modification time is that of the newest object (or directory marker) below it, so an unchanged bucket gives the
 * same trees, and tree ids, in every backup.
 */
final class ObjectDir {
    final Map<String, ObjectDir> dirs = new TreeMap<>();
    final Map<String, ObjectEntry> files = new TreeMap<>();

    /** Left out by an exclude pattern: kept in the listing's model only so that objects below it are dropped too. */
    final boolean excluded;

    /** The newest last-modified time of a directory marker ({@code key/}) for this directory. */
    Instant marker = Instant.EPOCH;

    ObjectDir(boolean excluded) {
        this.excluded = excluded;
    }

    /** The objects in and below this directory (excluded directories left out). */
    long objects() {
        long n = files.size();
        for (ObjectDir d : dirs.values()) {
            n += d.excluded ? 0 : d.objects();
        }
        return n;
    }

    /** Their total size in bytes. */
    long bytes() {
        long n = 0;
        for (ObjectEntry e : files.values()) {
            n += e.size();
        }
        for (ObjectDir d : dirs.values()) {
            n += d.excluded ? 0 : d.bytes();
        }
        return n;
    }
}

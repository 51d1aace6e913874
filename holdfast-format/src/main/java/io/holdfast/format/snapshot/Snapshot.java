package io.holdfast.format.snapshot;

import io.holdfast.format.CorruptDataException;
import io.holdfast.format.Id;
import io.holdfast.format.json.GoTime;
import io.holdfast.format.json.RawJson;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The content of a restic snapshot file: when, from where and by whom a backup was made, and the id of its root tree.
 * The snapshot's own id is the hash of the stored (encrypted) file and is not part of this value. Immutable; make one
 * with {@link #builder()}, write it with {@link #toJson()}, read it with {@link #parse}.
 *
 * <p>Fields restic 0.17 added ({@code program_version}, {@code summary}) are supported; {@code summary} and any other
 * field this version does not know are kept verbatim so that rewriting a snapshot loses nothing.
 */
public final class Snapshot {
    final OffsetDateTime time;
    final @Nullable Id parent;
    final Id tree;
    final List<String> paths;
    final String hostname;
    final String username;
    final long uid;
    final long gid;
    final List<String> excludes;
    final List<String> tags;
    final @Nullable Id original;
    final String programVersion;
    final @Nullable RawJson summary;
    final Map<String, RawJson> unknownFields;

    Snapshot(SnapshotBuilder b) {
        if (b.time == null || b.tree == null) {
            throw new IllegalArgumentException("a snapshot needs a time and a tree");
        }
        if (b.uid < 0 || b.uid > 0xFFFF_FFFFL || b.gid < 0 || b.gid > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("uid and gid are uint32");
        }
        GoTime.format(b.time); // Go cannot marshal years outside 0..9999
        time = b.time;
        parent = b.parent;
        tree = b.tree;
        paths = List.copyOf(b.paths);
        hostname = b.hostname;
        username = b.username;
        uid = b.uid;
        gid = b.gid;
        excludes = List.copyOf(b.excludes);
        tags = List.copyOf(b.tags);
        original = b.original;
        programVersion = b.programVersion;
        summary = b.summary;
        unknownFields = SnapshotBuilder.copy(b.unknownFields);
    }

    /** A builder with Go's zero values; time and tree must be set. */
    public static SnapshotBuilder builder() {
        return new SnapshotBuilder();
    }

    /** A builder holding this snapshot's values, e.g. to change tags. */
    public SnapshotBuilder toBuilder() {
        return new SnapshotBuilder(this);
    }

    /** restic's JSON of this snapshot, as {@code json.Marshal} writes it (no trailing newline). */
    public byte[] toJson() {
        return SnapshotCodec.write(this);
    }

    /**
     * Reads a snapshot file's decrypted, decompressed JSON.
     *
     * @param fileName names the file in error messages, e.g. {@code snapshots/1a2b...}
     * @throws CorruptDataException if the JSON is malformed, has wrongly typed fields or lacks a tree
     */
    public static Snapshot parse(byte[] json, String fileName) throws CorruptDataException {
        return SnapshotCodec.read(json, fileName);
    }

    /** When the backup started, with the offset of the machine that made it. */
    public OffsetDateTime time() {
        return time;
    }

    /** The snapshot this one was based on, if any. */
    public @Nullable Id parent() {
        return parent;
    }

    /** The root tree. */
    public Id tree() {
        return tree;
    }

    /** The paths that were backed up. */
    public List<String> paths() {
        return paths;
    }

    public String hostname() {
        return hostname;
    }

    public String username() {
        return username;
    }

    public long uid() {
        return uid;
    }

    public long gid() {
        return gid;
    }

    /** The exclude patterns that were in effect. */
    public List<String> excludes() {
        return excludes;
    }

    public List<String> tags() {
        return tags;
    }

    /** For a rewritten snapshot, the snapshot it was made from. */
    public @Nullable Id original() {
        return original;
    }

    /** The program that wrote the snapshot, e.g. {@code restic 0.17.0}; empty if unknown. */
    public String programVersion() {
        return programVersion;
    }

    /** restic's backup statistics object, kept verbatim, or {@code null}. */
    public @Nullable RawJson summary() {
        return summary;
    }

    /** Fields this version does not model, by name, kept verbatim in the order read. */
    public Map<String, RawJson> unknownFields() {
        return unknownFields;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof Snapshot s
                && time.equals(s.time)
                && Objects.equals(parent, s.parent)
                && tree.equals(s.tree)
                && paths.equals(s.paths)
                && hostname.equals(s.hostname)
                && username.equals(s.username)
                && uid == s.uid
                && gid == s.gid
                && excludes.equals(s.excludes)
                && tags.equals(s.tags)
                && Objects.equals(original, s.original)
                && programVersion.equals(s.programVersion)
                && Objects.equals(summary, s.summary)
                && unknownFields.equals(s.unknownFields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(time, tree, paths, hostname, tags);
    }

    @Override
    public String toString() {
        return "Snapshot[" + GoTime.format(time) + " " + hostname + " " + paths + " tree " + tree.shortHex() + "]";
    }
}

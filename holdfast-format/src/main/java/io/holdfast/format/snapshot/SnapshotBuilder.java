package io.holdfast.format.snapshot;

import io.holdfast.format.Id;
import io.holdfast.format.json.RawJson;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Collects the values of a {@link Snapshot}. Not thread-safe; {@link #build()} checks and copies. */
public final class SnapshotBuilder {
    @Nullable
    OffsetDateTime time;

    @Nullable
    Id parent;

    @Nullable
    Id tree;

    List<String> paths = new ArrayList<>();
    String hostname = "";
    String username = "";
    long uid;
    long gid;
    List<String> excludes = new ArrayList<>();
    List<String> tags = new ArrayList<>();

    @Nullable
    Id original;

    String programVersion = "";

    @Nullable
    RawJson summary;

    Map<String, RawJson> unknownFields = new LinkedHashMap<>();

    SnapshotBuilder() {}

    SnapshotBuilder(Snapshot s) {
        time = s.time;
        parent = s.parent;
        tree = s.tree;
        paths = new ArrayList<>(s.paths);
        hostname = s.hostname;
        username = s.username;
        uid = s.uid;
        gid = s.gid;
        excludes = new ArrayList<>(s.excludes);
        tags = new ArrayList<>(s.tags);
        original = s.original;
        programVersion = s.programVersion;
        summary = s.summary;
        unknownFields = new LinkedHashMap<>(s.unknownFields);
    }

    static Map<String, RawJson> copy(Map<String, RawJson> m) {
        return m.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    /** When the backup started; keep the machine's offset, restic prints it. */
    public SnapshotBuilder time(OffsetDateTime time) {
        this.time = time;
        return this;
    }

    public SnapshotBuilder parent(@Nullable Id parent) {
        this.parent = parent;
        return this;
    }

    public SnapshotBuilder tree(Id tree) {
        this.tree = tree;
        return this;
    }

    public SnapshotBuilder paths(List<String> paths) {
        this.paths = new ArrayList<>(paths);
        return this;
    }

    public SnapshotBuilder hostname(String hostname) {
        this.hostname = hostname;
        return this;
    }

    public SnapshotBuilder username(String username) {
        this.username = username;
        return this;
    }

    /** The uid of the user who made the backup ({@code uint32}). */
    public SnapshotBuilder uid(long uid) {
        this.uid = uid;
        return this;
    }

    /** The gid of the user who made the backup ({@code uint32}). */
    public SnapshotBuilder gid(long gid) {
        this.gid = gid;
        return this;
    }

    public SnapshotBuilder excludes(List<String> excludes) {
        this.excludes = new ArrayList<>(excludes);
        return this;
    }

    public SnapshotBuilder tags(List<String> tags) {
        this.tags = new ArrayList<>(tags);
        return this;
    }

    public SnapshotBuilder original(@Nullable Id original) {
        this.original = original;
        return this;
    }

    public SnapshotBuilder programVersion(String programVersion) {
        this.programVersion = programVersion;
        return this;
    }

    /** restic's {@code summary} object, written verbatim; {@code null} for none. */
    public SnapshotBuilder summary(@Nullable RawJson summary) {
        this.summary = summary;
        return this;
    }

    /** Fields this version does not model, written back after the known ones. */
    public SnapshotBuilder unknownFields(Map<String, RawJson> fields) {
        this.unknownFields = new LinkedHashMap<>(fields);
        return this;
    }

    /**
     * The snapshot.
     *
     * @throws IllegalArgumentException if time or tree is missing, the year is outside 0..9999 or uid/gid are not
     *     {@code uint32}
     */
    public Snapshot build() {
        return new Snapshot(this);
    }
}

package io.holdfast.format.snapshot;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import io.holdfast.format.CorruptDataException;
import io.holdfast.format.Id;
import io.holdfast.format.json.GoJsonReader;
import io.holdfast.format.json.GoJsonWriter;
import io.holdfast.format.json.GoTime;
import io.holdfast.format.json.RawJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot's JSON as restic's {@code Snapshot} struct marshals it: {@code time}, {@code parent} (omitempty),
 * {@code tree}, {@code paths} (a nil slice, i.e. {@code null}, when empty), then {@code hostname}, {@code username},
 * {@code uid}, {@code gid}, {@code excludes}, {@code tags}, {@code original}, {@code program_version} and
 * {@code summary}, all omitempty. Unknown fields follow.
 */
final class SnapshotCodec {
    private static final SerializableString TIME = GoJsonWriter.name("time");
    private static final SerializableString PARENT = GoJsonWriter.name("parent");
    private static final SerializableString TREE = GoJsonWriter.name("tree");
    private static final SerializableString PATHS = GoJsonWriter.name("paths");
    private static final SerializableString HOSTNAME = GoJsonWriter.name("hostname");
    private static final SerializableString USERNAME = GoJsonWriter.name("username");
    private static final SerializableString UID = GoJsonWriter.name("uid");
    private static final SerializableString GID = GoJsonWriter.name("gid");
    private static final SerializableString EXCLUDES = GoJsonWriter.name("excludes");
    private static final SerializableString TAGS = GoJsonWriter.name("tags");
    private static final SerializableString ORIGINAL = GoJsonWriter.name("original");
    private static final SerializableString PROGRAM_VERSION = GoJsonWriter.name("program_version");
    private static final SerializableString SUMMARY = GoJsonWriter.name("summary");

    private SnapshotCodec() {}

    static byte[] write(Snapshot s) {
        GoJsonWriter w = new GoJsonWriter(512);
        w.startObject();
        w.field(TIME).time(s.time);
        Id parent = s.parent;
        if (parent != null) {
            w.field(PARENT).id(parent);
        }
        w.field(TREE).id(s.tree);
        w.field(PATHS);
        if (s.paths.isEmpty()) {
            w.nullValue();
        } else {
            strings(w, s.paths);
        }
        optional(w, HOSTNAME, s.hostname);
        optional(w, USERNAME, s.username);
        if (s.uid != 0) {
            w.field(UID).unsigned(s.uid);
        }
        if (s.gid != 0) {
            w.field(GID).unsigned(s.gid);
        }
        if (!s.excludes.isEmpty()) {
            strings(w.field(EXCLUDES), s.excludes);
        }
        if (!s.tags.isEmpty()) {
            strings(w.field(TAGS), s.tags);
        }
        Id original = s.original;
        if (original != null) {
            w.field(ORIGINAL).id(original);
        }
        optional(w, PROGRAM_VERSION, s.programVersion);
        RawJson summary = s.summary;
        if (summary != null) {
            w.field(SUMMARY).raw(summary);
        }
        for (Map.Entry<String, RawJson> e : s.unknownFields.entrySet()) {
            w.field(e.getKey()).raw(e.getValue());
        }
        return w.endObject().finish(false);
    }

    private static void strings(GoJsonWriter w, List<String> list) {
        w.startArray();
        for (String s : list) {
            w.string(s);
        }
        w.endArray();
    }

    private static void optional(GoJsonWriter w, SerializableString name, String value) {
        if (!value.isEmpty()) {
            w.field(name).string(value);
        }
    }

    static Snapshot read(byte[] json, String fileName) throws CorruptDataException {
        SnapshotBuilder b = new SnapshotBuilder();
        try (GoJsonReader r = GoJsonReader.of(json, fileName)) {
            r.expect(JsonToken.START_OBJECT);
            for (String field = r.nextField(); field != null; field = r.nextField()) {
                switch (field) {
                    case "time" -> b.time = r.time();
                    case "parent" -> b.parent = r.id();
                    case "tree" -> b.tree = r.id();
                    case "paths" -> b.paths = list(r.strings());
                    case "hostname" -> b.hostname = r.string();
                    case "username" -> b.username = r.string();
                    case "uid" -> b.uid = r.uint32();
                    case "gid" -> b.gid = r.uint32();
                    case "excludes" -> b.excludes = list(r.strings());
                    case "tags" -> b.tags = list(r.strings());
                    case "original" -> b.original = r.id();
                    case "program_version" -> b.programVersion = r.string();
                    case "summary" -> b.summary = nullToAbsent(r.raw());
                    default -> b.unknownFields.put(field, r.raw());
                }
            }
            r.expectEnd();
            if (b.time == null) {
                b.time = GoTime.ZERO;
            }
            if (b.tree == null) {
                throw r.error("snapshot has no tree");
            }
            try {
                return b.build();
            } catch (IllegalArgumentException e) {
                throw r.error(String.valueOf(e.getMessage()));
            }
        }
    }

    private static List<String> list(@Nullable List<String> l) {
        return l == null ? new ArrayList<>() : l;
    }

    /** Go decodes {@code null} into a pointer as nil, which is then omitted. */
    private static @Nullable RawJson nullToAbsent(RawJson raw) {
        return raw.toString().equals("null") ? null : raw;
    }
}

package io.holdfast.format.tree;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import io.holdfast.format.CorruptDataException;
import io.holdfast.format.Id;
import io.holdfast.format.json.GoJsonReader;
import io.holdfast.format.json.GoJsonWriter;
import io.holdfast.format.json.GoStrings;
import io.holdfast.format.json.GoTime;
import io.holdfast.format.json.GoUtf8;
import io.holdfast.format.json.RawJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A node's JSON as restic's {@code Node} marshals it: Go struct field order, {@code omitempty} where restic has it,
 * the name in {@code strconv.Quote} form, times clamped to years 0..9999 ({@code FixTime}), and a symlink target that
 * is not UTF-8 also stored as base64 {@code linktarget_raw}. Unknown fields follow the known ones.
 */
final class NodeCodec {
    private static final SerializableString NAME = GoJsonWriter.name("name");
    private static final SerializableString TYPE = GoJsonWriter.name("type");
    private static final SerializableString MODE = GoJsonWriter.name("mode");
    private static final SerializableString MTIME = GoJsonWriter.name("mtime");
    private static final SerializableString ATIME = GoJsonWriter.name("atime");
    private static final SerializableString CTIME = GoJsonWriter.name("ctime");
    private static final SerializableString UID = GoJsonWriter.name("uid");
    private static final SerializableString GID = GoJsonWriter.name("gid");
    private static final SerializableString USER = GoJsonWriter.name("user");
    private static final SerializableString GROUP = GoJsonWriter.name("group");
    private static final SerializableString INODE = GoJsonWriter.name("inode");
    private static final SerializableString DEVICE_ID = GoJsonWriter.name("device_id");
    private static final SerializableString SIZE = GoJsonWriter.name("size");
    private static final SerializableString LINKS = GoJsonWriter.name("links");
    private static final SerializableString LINKTARGET = GoJsonWriter.name("linktarget");
    private static final SerializableString LINKTARGET_RAW = GoJsonWriter.name("linktarget_raw");
    private static final SerializableString XATTRS = GoJsonWriter.name("extended_attributes");
    private static final SerializableString GENERIC = GoJsonWriter.name("generic_attributes");
    private static final SerializableString DEVICE = GoJsonWriter.name("device");
    private static final SerializableString CONTENT = GoJsonWriter.name("content");
    private static final SerializableString SUBTREE = GoJsonWriter.name("subtree");
    private static final SerializableString ERROR = GoJsonWriter.name("error");
    private static final SerializableString VALUE = GoJsonWriter.name("value");

    private NodeCodec() {}

    static void write(GoJsonWriter w, Node n) {
        w.startObject();
        w.field(NAME).string(GoStrings.quote(n.name));
        w.field(TYPE).string(n.type.jsonName());
        if (n.mode != 0) {
            w.field(MODE).unsigned(Integer.toUnsignedLong(n.mode));
        }
        w.field(MTIME).time(GoTime.clampYear(n.mtime()));
        w.field(ATIME).time(GoTime.clampYear(n.atime()));
        w.field(CTIME).time(GoTime.clampYear(n.ctime()));
        w.field(UID).unsigned(n.uid);
        w.field(GID).unsigned(n.gid);
        optional(w, USER, n.user);
        optional(w, GROUP, n.group);
        optional(w, INODE, n.inode);
        optional(w, DEVICE_ID, n.deviceId);
        optional(w, SIZE, n.size);
        optional(w, LINKS, n.links);
        if (n.linkTarget.length > 0) {
            w.field(LINKTARGET).string(n.linkTarget);
            if (!GoUtf8.isValidUtf8(n.linkTarget)) {
                w.field(LINKTARGET_RAW).bytes(n.linkTarget);
            }
        }
        if (!n.extendedAttributes.isEmpty()) {
            w.field(XATTRS).startArray();
            for (ExtendedAttribute a : n.extendedAttributes) {
                w.startObject().field(NAME).string(a.name());
                w.field(VALUE).bytes(a.valueNoCopy()).endObject();
            }
            w.endArray();
        }
        RawJson generic = n.genericAttributes;
        if (generic != null) {
            w.field(GENERIC).raw(generic);
        }
        optional(w, DEVICE, n.device);
        List<Id> content = n.content;
        w.field(CONTENT);
        if (content == null) {
            w.nullValue();
        } else {
            w.startArray();
            for (Id id : content) {
                w.id(id);
            }
            w.endArray();
        }
        Id subtree = n.subtree;
        if (subtree != null) {
            w.field(SUBTREE).id(subtree);
        }
        optional(w, ERROR, n.error);
        for (Map.Entry<String, RawJson> e : n.unknownFields.entrySet()) {
            w.field(e.getKey()).raw(e.getValue());
        }
        w.endObject();
    }

    private static void optional(GoJsonWriter w, SerializableString name, String value) {
        if (!value.isEmpty()) {
            w.field(name).string(value);
        }
    }

    private static void optional(GoJsonWriter w, SerializableString name, long value) {
        if (value != 0) {
            w.field(name).unsigned(value);
        }
    }

    /** Reads the next node object of an array, or returns {@code null} at the array's end. */
    static @Nullable Node readOrEnd(GoJsonReader r) throws CorruptDataException {
        JsonToken t = r.next();
        if (t == JsonToken.END_ARRAY) {
            return null;
        }
        if (t != JsonToken.START_OBJECT) {
            throw r.error("expected a node object but found " + t);
        }
        NodeBuilder b = new NodeBuilder();
        String typeName = "";
        byte[] linkTargetRaw = null;
        for (String field = r.nextField(); field != null; field = r.nextField()) {
            switch (field) {
                case "name" -> {
                    try {
                        b.name = GoStrings.unquote(r.string());
                    } catch (IllegalArgumentException e) {
                        throw r.error("node name is not a valid Go quoted string: " + e.getMessage());
                    }
                }
                case "type" -> typeName = r.string();
                case "mode" -> b.mode = (int) r.uint32();
                case "mtime" -> b.mtime = r.time();
                case "atime" -> b.atime = r.time();
                case "ctime" -> b.ctime = r.time();
                case "uid" -> b.uid = r.uint32();
                case "gid" -> b.gid = r.uint32();
                case "user" -> b.user = r.string();
                case "group" -> b.group = r.string();
                case "inode" -> b.inode = r.uint64();
                case "device_id" -> b.deviceId = r.uint64();
                case "size" -> b.size = r.uint64();
                case "links" -> b.links = r.uint64();
                case "linktarget" -> b.linkTarget = r.string().getBytes(StandardCharsets.UTF_8);
                case "linktarget_raw" -> linkTargetRaw = r.bytes();
                case "extended_attributes" -> b.extendedAttributes = readAttributes(r);
                case "generic_attributes" -> b.genericAttributes = r.raw();
                case "device" -> b.device = r.uint64();
                case "content" -> b.content = r.ids();
                case "subtree" -> b.subtree = r.id();
                case "error" -> b.error = r.string();
                default -> b.unknownFields.put(field, r.raw());
            }
        }
        if (linkTargetRaw != null) {
            b.linkTarget = linkTargetRaw;
        }
        String problem = Node.nameProblem(b.name);
        if (problem != null) {
            throw r.error(problem);
        }
        NodeType type = NodeType.ofJson(typeName);
        if (type == null) {
            throw r.error("node \"" + Node.quoted(b.name) + "\" has unknown type \"" + typeName + "\"");
        }
        b.type = type;
        return Node.of(b);
    }

    private static List<ExtendedAttribute> readAttributes(GoJsonReader r) throws CorruptDataException {
        List<ExtendedAttribute> list = new ArrayList<>();
        if (!r.startArrayOrNull()) {
            return list;
        }
        for (JsonToken t = r.next(); t != JsonToken.END_ARRAY; t = r.next()) {
            if (t != JsonToken.START_OBJECT) {
                throw r.error("expected an extended attribute object but found " + t);
            }
            String name = "";
            byte[] value = null;
            for (String field = r.nextField(); field != null; field = r.nextField()) {
                switch (field) {
                    case "name" -> name = r.string();
                    case "value" -> value = r.bytes();
                    default -> r.raw();
                }
            }
            list.add(ExtendedAttribute.of(name, value == null ? new byte[0] : value));
        }
        return list;
    }
}

package io.holdfast.format.tree;

import io.holdfast.format.Id;
import io.holdfast.format.json.GoTime;
import io.holdfast.format.json.RawJson;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Collects the values of a {@link Node}. Every field starts at Go's zero value; name and type must be set. Not
 * thread-safe; {@link #build()} checks the name and copies everything.
 */
public final class NodeBuilder {
    byte[] name = new byte[0];

    @Nullable
    NodeType type;

    int mode;
    OffsetDateTime mtime = GoTime.ZERO;
    OffsetDateTime atime = GoTime.ZERO;
    OffsetDateTime ctime = GoTime.ZERO;
    long uid;
    long gid;
    String user = "";
    String group = "";
    long inode;
    long deviceId;
    long size;
    long links;
    byte[] linkTarget = new byte[0];
    List<ExtendedAttribute> extendedAttributes = new ArrayList<>();

    @Nullable
    RawJson genericAttributes;

    long device;

    @Nullable
    List<Id> content;

    @Nullable
    Id subtree;

    String error = "";
    Map<String, RawJson> unknownFields = new LinkedHashMap<>();

    NodeBuilder() {}

    NodeBuilder(Node n) {
        name = n.name;
        type = n.type;
        mode = n.mode;
        mtime = n.mtime();
        atime = n.atime();
        ctime = n.ctime();
        uid = n.uid;
        gid = n.gid;
        user = n.user;
        group = n.group;
        inode = n.inode;
        deviceId = n.deviceId;
        size = n.size;
        links = n.links;
        linkTarget = n.linkTarget;
        extendedAttributes = new ArrayList<>(n.extendedAttributes);
        genericAttributes = n.genericAttributes;
        device = n.device;
        content = n.content;
        subtree = n.subtree;
        error = n.error;
        unknownFields = new LinkedHashMap<>(n.unknownFields);
    }

    static Map<String, RawJson> copy(Map<String, RawJson> m) {
        return m.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    /** The name, encoded with {@link Names#encode} (UTF-8, escaped bytes as themselves). */
    public NodeBuilder name(String name) {
        this.name = Names.encode(name);
        return this;
    }

    /** The name as raw bytes (copied), for names that are not UTF-8. */
    public NodeBuilder name(byte[] name) {
        this.name = name.clone();
        return this;
    }

    public NodeBuilder type(NodeType type) {
        this.type = type;
        return this;
    }

    /** The Go {@code os.FileMode}; see {@link FileModes#fromPosix}. */
    public NodeBuilder mode(int goMode) {
        this.mode = goMode;
        return this;
    }

    public NodeBuilder mtime(OffsetDateTime mtime) {
        this.mtime = mtime;
        return this;
    }

    public NodeBuilder atime(OffsetDateTime atime) {
        this.atime = atime;
        return this;
    }

    public NodeBuilder ctime(OffsetDateTime ctime) {
        this.ctime = ctime;
        return this;
    }

    public NodeBuilder uid(long uid) {
        this.uid = uid;
        return this;
    }

    public NodeBuilder gid(long gid) {
        this.gid = gid;
        return this;
    }

    public NodeBuilder user(String user) {
        this.user = user;
        return this;
    }

    public NodeBuilder group(String group) {
        this.group = group;
        return this;
    }

    public NodeBuilder inode(long inode) {
        this.inode = inode;
        return this;
    }

    public NodeBuilder deviceId(long deviceId) {
        this.deviceId = deviceId;
        return this;
    }

    public NodeBuilder size(long size) {
        this.size = size;
        return this;
    }

    public NodeBuilder links(long links) {
        this.links = links;
        return this;
    }

    /** The symlink target, encoded with {@link Names#encode}. */
    public NodeBuilder linkTarget(String target) {
        this.linkTarget = Names.encode(target);
        return this;
    }

    /** The symlink target as raw bytes (copied); if not UTF-8 it is also written as {@code linktarget_raw}. */
    public NodeBuilder linkTarget(byte[] target) {
        this.linkTarget = target.clone();
        return this;
    }

    public NodeBuilder extendedAttributes(List<ExtendedAttribute> attributes) {
        this.extendedAttributes = new ArrayList<>(attributes);
        return this;
    }

    public NodeBuilder addExtendedAttribute(ExtendedAttribute attribute) {
        this.extendedAttributes.add(attribute);
        return this;
    }

    /** restic's {@code generic_attributes} object, kept verbatim; {@code null} for none. */
    public NodeBuilder genericAttributes(@Nullable RawJson attributes) {
        this.genericAttributes = attributes;
        return this;
    }

    public NodeBuilder device(long rdev) {
        this.device = rdev;
        return this;
    }

    /** The data blob ids; {@code null} for nodes other than files, an empty list for an empty file. */
    public NodeBuilder content(@Nullable List<Id> content) {
        this.content = content;
        return this;
    }

    public NodeBuilder subtree(@Nullable Id subtree) {
        this.subtree = subtree;
        return this;
    }

    public NodeBuilder error(String error) {
        this.error = error;
        return this;
    }

    /** Fields this version does not model, written back after the known ones. */
    public NodeBuilder unknownFields(Map<String, RawJson> fields) {
        this.unknownFields = new LinkedHashMap<>(fields);
        return this;
    }

    /**
     * The node.
     *
     * @throws IllegalArgumentException if the type is missing, the name is not allowed (see
     *     {@link Node#nameProblem}) or uid/gid are not {@code uint32}
     */
    public Node build() {
        return Node.of(this);
    }
}

package io.holdfast.format.tree;

import io.holdfast.format.Id;
import io.holdfast.format.json.GoStrings;
import io.holdfast.format.json.GoTime;
import io.holdfast.format.json.RawJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a {@link Tree}: a file, directory, symlink, device, fifo or socket with its metadata, as restic's
 * {@code Node}. Immutable; make one with {@link #builder()}.
 *
 * <p>The name and the symlink target are byte strings, because file names need not be UTF-8; {@link #name()} and
 * {@link #linkTarget()} decode them without loss ({@link Names}: bytes that are not UTF-8 become escapes). Unsigned Go integers ({@code uint64} inode, size,
 * links, devices; {@code uint32} mode) are kept in {@code long}/{@code int} and are to be read as unsigned.
 * {@link #content()} is {@code null} for nodes without content (restic writes {@code "content":null}) and an empty list
 * for an empty file ({@code "content":[]}).
 */
public final class Node {
    final byte[] name;
    final String nameString;
    final NodeType type;
    final int mode;
    // the three times as epoch second, nanosecond and offset: an OffsetDateTime is four objects (~110 bytes), and a
    // restore or an incremental backup holds every node of a snapshot with 100,000s of files (design.md §22)
    private final long mtimeSecond;
    private final long atimeSecond;
    private final long ctimeSecond;
    private final int mtimeNano;
    private final int atimeNano;
    private final int ctimeNano;
    private final int mtimeOffset;
    private final int atimeOffset;
    private final int ctimeOffset;
    final long uid;
    final long gid;
    final String user;
    final String group;
    final long inode;
    final long deviceId;
    final long size;
    final long links;
    final byte[] linkTarget;
    final List<ExtendedAttribute> extendedAttributes;
    final @Nullable RawJson genericAttributes;
    final long device;
    final @Nullable List<Id> content;
    final @Nullable Id subtree;
    final String error;
    final Map<String, RawJson> unknownFields;

    private Node(NodeBuilder b) {
        if (b.type == null) {
            throw new IllegalArgumentException("node type not set");
        }
        String problem = nameProblem(b.name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (b.uid < 0 || b.uid > 0xFFFF_FFFFL || b.gid < 0 || b.gid > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("uid and gid are uint32");
        }
        name = b.name;
        nameString = Names.decode(name);
        type = b.type;
        mode = b.mode;
        mtimeSecond = b.mtime.toEpochSecond();
        mtimeNano = b.mtime.getNano();
        mtimeOffset = b.mtime.getOffset().getTotalSeconds();
        atimeSecond = b.atime.toEpochSecond();
        atimeNano = b.atime.getNano();
        atimeOffset = b.atime.getOffset().getTotalSeconds();
        ctimeSecond = b.ctime.toEpochSecond();
        ctimeNano = b.ctime.getNano();
        ctimeOffset = b.ctime.getOffset().getTotalSeconds();
        user = owner(b.user);
        group = owner(b.group);
        uid = b.uid;
        gid = b.gid;
        inode = b.inode;
        deviceId = b.deviceId;
        size = b.size;
        links = b.links;
        linkTarget = b.linkTarget;
        extendedAttributes = List.copyOf(b.extendedAttributes);
        genericAttributes = b.genericAttributes;
        device = b.device;
        content = b.content == null ? null : List.copyOf(b.content);
        subtree = b.subtree;
        error = b.error;
        unknownFields = NodeBuilder.copy(b.unknownFields);
    }

    /** Owner names a snapshot repeats on every node, one instance each (bounded: a tree may hold any string). */
    private static final ConcurrentHashMap<String, String> OWNERS = new ConcurrentHashMap<>();

    private static final int MAX_OWNERS = 4096;

    private static String owner(String name) {
        if (name.isEmpty()) {
            return "";
        }
        String known = OWNERS.get(name);
        if (known != null) {
            return known;
        }
        if (OWNERS.size() >= MAX_OWNERS) {
            return name;
        }
        known = OWNERS.putIfAbsent(name, name);
        return known != null ? known : name;
    }

    static Node of(NodeBuilder b) {
        return new Node(b);
    }

    /** A builder with Go's zero values: zero times, no content, no subtree. */
    public static NodeBuilder builder() {
        return new NodeBuilder();
    }

    /** A builder holding this node's values. */
    public NodeBuilder toBuilder() {
        return new NodeBuilder(this);
    }

    /**
     * Why a name cannot name a node, or {@code null} if it can: it must not be empty, {@code .} or {@code ..}, and
     * must not contain {@code /} or NUL, so that restoring it cannot leave the directory it belongs to.
     */
    public static @Nullable String nameProblem(byte[] name) {
        if (name.length == 0) {
            return "empty node name";
        }
        if (Arrays.equals(name, DOT) || Arrays.equals(name, DOTDOT)) {
            return "node name \"" + new String(name, StandardCharsets.US_ASCII) + "\" is not allowed";
        }
        for (byte b : name) {
            if (b == '/' || b == 0) {
                return "node name \"" + quoted(name) + "\" contains " + (b == 0 ? "NUL" : "'/'");
            }
        }
        return null;
    }

    /** A name in Go's quoted form, for messages. */
    static String quoted(byte[] name) {
        return new String(GoStrings.quote(name), StandardCharsets.UTF_8);
    }

    private static final byte[] DOT = {'.'};
    private static final byte[] DOTDOT = {'.', '.'};

    /** The name as a string, decoded without loss ({@link Names#decode}). */
    public String name() {
        return nameString;
    }

    /** A copy of the name's bytes. */
    public byte[] nameBytes() {
        return name.clone();
    }

    public NodeType type() {
        return type;
    }

    /** The Go {@code os.FileMode} (an unsigned 32-bit value); see {@link FileModes}. */
    public int mode() {
        return mode;
    }

    public OffsetDateTime mtime() {
        return time(mtimeSecond, mtimeNano, mtimeOffset);
    }

    public OffsetDateTime atime() {
        return time(atimeSecond, atimeNano, atimeOffset);
    }

    public OffsetDateTime ctime() {
        return time(ctimeSecond, ctimeNano, ctimeOffset);
    }

    /** {@link #mtime()} as an instant (one object, not four). */
    public Instant mtimeInstant() {
        return Instant.ofEpochSecond(mtimeSecond, mtimeNano);
    }

    /** {@link #atime()} as an instant. */
    public Instant atimeInstant() {
        return Instant.ofEpochSecond(atimeSecond, atimeNano);
    }

    /** {@link #ctime()} as an instant. */
    public Instant ctimeInstant() {
        return Instant.ofEpochSecond(ctimeSecond, ctimeNano);
    }

    private static OffsetDateTime time(long second, int nano, int offset) {
        ZoneOffset z = ZoneOffset.ofTotalSeconds(offset);
        return OffsetDateTime.of(LocalDateTime.ofEpochSecond(second, nano, z), z);
    }

    public long uid() {
        return uid;
    }

    public long gid() {
        return gid;
    }

    /** The owner's user name, or the empty string. */
    public String user() {
        return user;
    }

    /** The owner's group name, or the empty string. */
    public String group() {
        return group;
    }

    public long inode() {
        return inode;
    }

    /** The {@code st_dev} of the file system holding the file. */
    public long deviceId() {
        return deviceId;
    }

    public long size() {
        return size;
    }

    public long links() {
        return links;
    }

    /** The symlink target, decoded without loss ({@link Names#decode}); empty if none. */
    public String linkTarget() {
        return Names.decode(linkTarget);
    }

    /** A copy of the symlink target's bytes. */
    public byte[] linkTargetBytes() {
        return linkTarget.clone();
    }

    public List<ExtendedAttribute> extendedAttributes() {
        return extendedAttributes;
    }

    /** restic's OS-specific {@code generic_attributes} object, kept verbatim, or {@code null}. */
    public @Nullable RawJson genericAttributes() {
        return genericAttributes;
    }

    /** The {@code st_rdev} of a device node. */
    public long device() {
        return device;
    }

    /** The ids of the data blobs of a file, in order; {@code null} when the node has no content list. */
    public @Nullable List<Id> content() {
        return content;
    }

    /** The id of a directory's tree. */
    public @Nullable Id subtree() {
        return subtree;
    }

    /** The error restic recorded while reading this node, or the empty string. */
    public String error() {
        return error;
    }

    /** Fields this version does not model, by name, kept verbatim in the order read. */
    public Map<String, RawJson> unknownFields() {
        return unknownFields;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof Node n
                && Arrays.equals(name, n.name)
                && type == n.type
                && mode == n.mode
                && mtimeSecond == n.mtimeSecond
                && mtimeNano == n.mtimeNano
                && mtimeOffset == n.mtimeOffset
                && atimeSecond == n.atimeSecond
                && atimeNano == n.atimeNano
                && atimeOffset == n.atimeOffset
                && ctimeSecond == n.ctimeSecond
                && ctimeNano == n.ctimeNano
                && ctimeOffset == n.ctimeOffset
                && uid == n.uid
                && gid == n.gid
                && user.equals(n.user)
                && group.equals(n.group)
                && inode == n.inode
                && deviceId == n.deviceId
                && size == n.size
                && links == n.links
                && Arrays.equals(linkTarget, n.linkTarget)
                && extendedAttributes.equals(n.extendedAttributes)
                && Objects.equals(genericAttributes, n.genericAttributes)
                && device == n.device
                && Objects.equals(content, n.content)
                && Objects.equals(subtree, n.subtree)
                && error.equals(n.error)
                && unknownFields.equals(n.unknownFields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(name), type, mode, mtimeSecond, mtimeNano, size, inode, content, subtree);
    }

    @Override
    public String toString() {
        return type.jsonName() + " \"" + quoted(name) + "\" mode=" + Integer.toOctalString(mode) + " size="
                + Long.toUnsignedString(size) + " mtime=" + GoTime.format(GoTime.clampYear(mtime()));
    }
}

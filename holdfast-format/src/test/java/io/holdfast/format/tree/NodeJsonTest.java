package io.holdfast.format.tree;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.format.Id;
import io.holdfast.format.json.RawJson;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Byte-exact node JSON. The expected strings are written from restic's Go {@code Node} struct (field order, omitempty
 * tags, name through {@code strconv.Quote}) and Go's {@code encoding/json} rules (HTML escaping, base64 for
 * {@code []byte}, RFC 3339 times).
 */
class NodeJsonTest {
    static final Id CONTENT = Id.parse("5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03");
    static final Id SUBTREE = Id.parse("ac08ce34ba4f8123618661bef2425f7028ffb9ac740578a3ee88684d2523fee8");
    static final OffsetDateTime T1 = OffsetDateTime.of(2024, 3, 5, 10, 15, 30, 123456789, ZoneOffset.ofHours(1));
    static final OffsetDateTime T2 = OffsetDateTime.of(2024, 3, 5, 10, 15, 30, 100000000, ZoneOffset.ofHours(1));
    static final OffsetDateTime T3 = OffsetDateTime.of(2024, 3, 5, 9, 15, 31, 0, ZoneOffset.UTC);
    static final String TIMES = "\"mtime\":\"2024-03-05T10:15:30.123456789+01:00\","
            + "\"atime\":\"2024-03-05T10:15:30.1+01:00\",\"ctime\":\"2024-03-05T09:15:31Z\"";

    static NodeBuilder base(String name, NodeType type) {
        return Node.builder().name(name).type(type).mtime(T1).atime(T2).ctime(T3);
    }

    /** The tree blob holding just this node, as text. */
    static String treeJson(Node n) {
        return new String(Tree.of(List.of(n)).toJson(), UTF_8);
    }

    static String wrap(String nodeJson) {
        return "{\"nodes\":[" + nodeJson + "]}\n";
    }

    @Test
    void fileNode() {
        Node n = base("hello.txt", NodeType.FILE)
                .mode(0644)
                .uid(1000)
                .gid(100)
                .user("alice")
                .group("users")
                .inode(1234567)
                .deviceId(64769)
                .size(6)
                .links(1)
                .content(List.of(CONTENT))
                .build();
        assertThat(treeJson(n))
                .isEqualTo(wrap("{\"name\":\"hello.txt\",\"type\":\"file\",\"mode\":420," + TIMES
                        + ",\"uid\":1000,\"gid\":100,\"user\":\"alice\",\"group\":\"users\",\"inode\":1234567,"
                        + "\"device_id\":64769,\"size\":6,\"links\":1,\"content\":[\"" + CONTENT.hex() + "\"]}"));
    }

    @Test
    void dirNodeHasNullContentAndASubtree() {
        Node n = base("docs", NodeType.DIR)
                .mode(FileModes.DIR | 0755)
                .user("root")
                .group("root")
                .inode(2146966)
                .deviceId(65024)
                .subtree(SUBTREE)
                .build();
        assertThat(treeJson(n))
                .isEqualTo(wrap("{\"name\":\"docs\",\"type\":\"dir\",\"mode\":2147484141," + TIMES
                        + ",\"uid\":0,\"gid\":0,\"user\":\"root\",\"group\":\"root\",\"inode\":2146966,"
                        + "\"device_id\":65024,\"content\":null,\"subtree\":\"" + SUBTREE.hex() + "\"}"));
    }

    @Test
    void symlinkTargetIsHtmlEscapedAndEmptyOwnerNamesAreOmitted() {
        Node n = base("link", NodeType.SYMLINK)
                .mode(FileModes.SYMLINK | 0777)
                .inode(5)
                .deviceId(6)
                .links(1)
                .linkTarget("../a<b>&c")
                .build();
        assertThat(treeJson(n))
                .isEqualTo(wrap("{\"name\":\"link\",\"type\":\"symlink\",\"mode\":134218239," + TIMES
                        + ",\"uid\":0,\"gid\":0,\"inode\":5,\"device_id\":6,\"links\":1,"
                        + "\"linktarget\":\"../a\\u003cb\\u003e\\u0026c\",\"content\":null}"));
    }

    @Test
    void symlinkTargetThatIsNotUtf8IsAlsoStoredRaw() throws Exception {
        Node n = base("bad", NodeType.SYMLINK)
                .linkTarget("tgt\u00ffbad".getBytes(ISO_8859_1))
                .build();
        String json = treeJson(n);
        assertThat(json).contains(",\"linktarget\":\"tgt\\ufffdbad\",\"linktarget_raw\":\"dGd0/2JhZA==\",");
        Tree back = Tree.parse(Id.hash(json.getBytes(UTF_8)), json.getBytes(UTF_8));
        assertThat(back.nodes().get(0).linkTargetBytes()).isEqualTo("tgt\u00ffbad".getBytes(ISO_8859_1));
    }

    @Test
    void extendedAttributesAreBase64AndComeBeforeContent() {
        Node n = base("f", NodeType.FILE)
                .mode(0600)
                .size(6)
                .links(2)
                .addExtendedAttribute(ExtendedAttribute.of("user.k<1>", new byte[] {0, (byte) 0xff, 'v', 'a', 'l'}))
                .addExtendedAttribute(ExtendedAttribute.of("security.selinux", new byte[0]))
                .content(List.of(CONTENT, CONTENT))
                .build();
        assertThat(treeJson(n))
                .isEqualTo(wrap("{\"name\":\"f\",\"type\":\"file\",\"mode\":384," + TIMES
                        + ",\"uid\":0,\"gid\":0,\"size\":6,\"links\":2,\"extended_attributes\":["
                        + "{\"name\":\"user.k\\u003c1\\u003e\",\"value\":\"AP92YWw=\"},"
                        + "{\"name\":\"security.selinux\",\"value\":\"\"}],"
                        + "\"content\":[\"" + CONTENT.hex() + "\",\"" + CONTENT.hex() + "\"]}"));
    }

    @Test
    void emptyFileHasAnEmptyContentListAndNoSize() {
        Node n = base("empty", NodeType.FILE)
                .mode(0644)
                .links(1)
                .content(List.of())
                .build();
        assertThat(treeJson(n))
                .isEqualTo(wrap("{\"name\":\"empty\",\"type\":\"file\",\"mode\":420," + TIMES
                        + ",\"uid\":0,\"gid\":0,\"links\":1,\"content\":[]}"));
    }

    @Test
    void zeroValuedNodeWritesGoZeroTimesAndOmitsMode() {
        Node n = Node.builder().name("p").type(NodeType.FIFO).build();
        String zero = "\"0001-01-01T00:00:00Z\"";
        assertThat(treeJson(n))
                .isEqualTo(wrap("{\"name\":\"p\",\"type\":\"fifo\",\"mtime\":" + zero + ",\"atime\":" + zero
                        + ",\"ctime\":" + zero + ",\"uid\":0,\"gid\":0,\"content\":null}"));
    }

    @Test
    void charDeviceHasDeviceNumberAfterAttributes() {
        Node n = base("tty0", NodeType.CHARDEV)
                .mode(FileModes.DEVICE | FileModes.CHAR_DEVICE | 0620)
                .gid(5)
                .links(1)
                .device(34816)
                .build();
        assertThat(treeJson(n))
                .isEqualTo(wrap("{\"name\":\"tty0\",\"type\":\"chardev\",\"mode\":69206416," + TIMES
                        + ",\"uid\":0,\"gid\":5,\"links\":1,\"device\":34816,\"content\":null}"));
    }

    @Test
    void nameGoesThroughStrconvQuoteThenJsonEscaping() {
        byte[] name = "a\"b\\c<d>\u00ff\tz".getBytes(ISO_8859_1);
        Node n = Node.builder().name(name).type(NodeType.FILE).build();
        String zero = "\"0001-01-01T00:00:00Z\"";
        // strconv.Quote gives a\"b\\c<d>\xff\tz; encoding/json then escapes the backslashes, quote and < >
        assertThat(treeJson(n))
                .isEqualTo(wrap("{\"name\":\"a\\\\\\\"b\\\\\\\\c\\u003cd\\u003e\\\\xff\\\\tz\",\"type\":\"file\","
                        + "\"mtime\":" + zero + ",\"atime\":" + zero + ",\"ctime\":" + zero
                        + ",\"uid\":0,\"gid\":0,\"content\":null}"));
    }

    @Test
    void unsignedValuesAboveLongMaxAndUint32ModesSurvive() throws Exception {
        Node n = base("big", NodeType.FILE)
                .mode(FileModes.DIR | FileModes.STICKY | 0777)
                .uid(0xFFFF_FFFFL)
                .inode(-1L)
                .size(Long.MIN_VALUE)
                .build();
        String json = treeJson(n);
        assertThat(json)
                .contains("\"mode\":2148532735,")
                .contains("\"uid\":4294967295,")
                .contains("\"inode\":18446744073709551615,")
                .contains("\"size\":9223372036854775808,");
        byte[] bytes = json.getBytes(UTF_8);
        assertThat(Tree.parse(Id.hash(bytes), bytes).nodes()).containsExactly(n);
    }

    @Test
    void genericAndUnknownFieldsAreKeptInPlace() throws Exception {
        String node = "{\"name\":\"w\",\"type\":\"file\"," + TIMES + ",\"uid\":0,\"gid\":0,"
                + "\"generic_attributes\":{\"windows.creation_time\":\"AAECAwQFBgc=\"},"
                + "\"content\":[],\"error\":\"lstat failed\",\"future_field\":{\"x\":[1,\"\\u003c\"]}}";
        byte[] bytes = wrap(node).getBytes(UTF_8);
        Tree t = Tree.parse(Id.hash(bytes), bytes);
        Node n = t.nodes().get(0);
        assertThat(n.genericAttributes()).isEqualTo(RawJson.of("{\"windows.creation_time\":\"AAECAwQFBgc=\"}"));
        assertThat(n.error()).isEqualTo("lstat failed");
        assertThat(n.unknownFields()).containsOnlyKeys("future_field");
        assertThat(new String(t.toJson(), UTF_8)).isEqualTo(wrap(node));
        assertThat(t.id()).isEqualTo(Id.hash(bytes));
    }
}

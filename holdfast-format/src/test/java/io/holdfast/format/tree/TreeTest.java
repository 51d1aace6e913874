package io.holdfast.format.tree;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.holdfast.format.CorruptDataException;
import io.holdfast.format.Id;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TreeTest {
    private static final Id SOME_ID = Id.hash("tree".getBytes(UTF_8));

    private static String node(String quotedJsonName) {
        return "{\"name\":" + quotedJsonName + ",\"type\":\"file\",\"content\":[]}";
    }

    private static Tree parse(String json) throws CorruptDataException {
        return Tree.parse(SOME_ID, json.getBytes(UTF_8));
    }

    private static Node file(String name) {
        return Node.builder().name(name).type(NodeType.FILE).build();
    }

    @Test
    void emptyTreeIsWhatResticWritesForAnEmptyDirectory() {
        assertThat(new String(Tree.EMPTY.toJson(), UTF_8)).isEqualTo("{\"nodes\":[]}\n");
        // the subtree id restic 0.14 recorded for an empty directory
        assertThat(Tree.EMPTY.id())
                .isEqualTo(Id.parse("ac08ce34ba4f8123618661bef2425f7028ffb9ac740578a3ee88684d2523fee8"));
    }

    @Test
    void nullNodesReadAsEmpty() throws Exception {
        assertThat(parse("{\"nodes\":null}")).isEqualTo(Tree.EMPTY);
        assertThat(parse(" {\"nodes\":[]}\n")).isEqualTo(Tree.EMPTY);
    }

    @Test
    void sortsByNameBytesAsGoCompareDoes() {
        // byte order: "B" (0x42) < "a" (0x61) < "z" < "\u00e9" (0xc3 0xa9) < "\uD83D\uDE00" (0xf0 ...) ; UTF-16 order
        // would put the emoji (a surrogate, 0xd83d) before "\uFFFD"-range characters and differ for such names.
        Node emoji = file("\uD83D\uDE00");
        Node bmpHigh = file("\uFF21");
        Tree t = Tree.of(List.of(emoji, file("\u00e9"), bmpHigh, file("z"), file("a"), file("B")));
        assertThat(t.nodes()).extracting(Node::name).containsExactly("B", "a", "z", "\u00e9", "\uFF21", "\uD83D\uDE00");
        assertThat(t.find("\uFF21")).isSameAs(bmpHigh);
        assertThat(t.find("missing")).isNull();
        assertThat(t.find("z".getBytes(UTF_8))).isNotNull();
    }

    @Test
    void duplicatesAreRefusedWhenBuilding() {
        assertThatThrownBy(() -> Tree.of(List.of(file("a"), file("b"), file("a"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a/b", "/", "a\u0000b"})
    void buildingRefusesNamesThatEscapeTheDirectory(String name) {
        assertThatThrownBy(() -> file(name)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\".\"", "\"..\"", "\"a/b\"", "\"/\"", "\"a\\\\x00b\"", "\"a\\u0000b\"", "null"})
    void readingRejectsNamesThatEscapeTheDirectory(String jsonName) {
        String json = "{\"nodes\":[" + node("\"ok\"") + "," + node(jsonName) + "]}\n";
        assertThatThrownBy(() -> parse(json))
                .isInstanceOf(CorruptDataException.class)
                .hasMessageStartingWith("tree " + SOME_ID.hex() + ": ")
                .satisfies(e -> assertThat(((CorruptDataException) e).object()).isEqualTo("tree " + SOME_ID.hex()));
    }

    @Test
    void readingRejectsAQuotedSlashOrDotDot() {
        // names are Go-quoted: \x2f and \056\056 unquote to "/" and ".."
        assertThatThrownBy(() -> parse("{\"nodes\":[" + node("\"a\\\\x2fb\"") + "]}"))
                .isInstanceOf(CorruptDataException.class);
        assertThatThrownBy(() -> parse("{\"nodes\":[" + node("\"\\\\056\\\\056\"") + "]}"))
                .isInstanceOf(CorruptDataException.class);
    }

    @Test
    void readingRejectsDuplicateNames() {
        assertThatThrownBy(() -> parse("{\"nodes\":[" + node("\"a\"") + "," + node("\"a\"") + "]}"))
                .isInstanceOf(CorruptDataException.class)
                .hasMessageContaining("duplicate");
        assertThatThrownBy(
                        () -> parse("{\"nodes\":[" + node("\"b\"") + "," + node("\"a\"") + "," + node("\"b\"") + "]}"))
                .isInstanceOf(CorruptDataException.class)
                .hasMessageContaining("duplicate");
    }

    @Test
    void readingSortsNodesOutOfOrder() throws Exception {
        Tree t = parse("{\"nodes\":[" + node("\"b\"") + "," + node("\"a\"") + "]}");
        assertThat(t.nodes()).extracting(Node::name).containsExactly("a", "b");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "[]",
                "{\"nodes\":{}}",
                "{\"nodes\":[1]}",
                "{\"nodes\":[]} x",
                "{\"nodes\":[{\"name\":\"a\",\"type\":\"door\"}]}",
                "{\"nodes\":[{\"name\":\"a\"}]}",
                "{\"nodes\":[{\"name\":\"a\\\\q\",\"type\":\"file\"}]}",
                "{\"nodes\":[{\"name\":\"a\",\"type\":\"file\",\"mtime\":\"yesterday\"}]}",
                "{\"nodes\":[{\"name\":\"a\",\"type\":\"file\",\"content\":[\"abc\"]}]}",
                "{\"nodes\":[{\"name\":\"a\",\"type\":\"file\",\"size\":-1}]}",
                "{\"nodes\":[{\"name\":\"a\",\"type\":\"file\",\"uid\":4294967296}]}",
                "{\"nodes\":[{\"name\":\"a\",\"type\":\"file\",\"extended_attributes\":[{\"name\":\"x\",\"value\":\"%\"}]}]}",
                "{\"nodes\":[{\"name\":\"a\",\"type\":\"file\"}"
            })
    void malformedTreesAreCorruptData(String json) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(CorruptDataException.class);
    }

    @Test
    void invalidUtf8NamesRoundTrip() throws Exception {
        byte[] name = "bad\u00ffname".getBytes(ISO_8859_1);
        Tree t = Tree.of(List.of(Node.builder().name(name).type(NodeType.FILE).build()));
        byte[] json = t.toJson();
        assertThat(new String(json, UTF_8)).contains("\"name\":\"bad\\\\xffname\"");
        Tree back = Tree.parse(t.id(), json);
        assertThat(back.nodes().get(0).nameBytes()).isEqualTo(name);
        assertThat(back.find(name)).isNotNull();
    }

    @Test
    void largeTreesRoundTrip() throws Exception {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            nodes.add(NodeJsonTest.base("file-" + i + "-<&>\u00e9", NodeType.FILE)
                    .mode(0644)
                    .size(i)
                    .inode(i + 1000L)
                    .content(List.of(NodeJsonTest.CONTENT))
                    .build());
        }
        long start = System.nanoTime();
        Tree t = Tree.of(nodes);
        byte[] json = t.toJson();
        Tree back = Tree.parse(Id.hash(json), json);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(back.size()).isEqualTo(100_000);
        assertThat(back).isEqualTo(t);
        assertThat(back.toJson()).isEqualTo(json);
        // generous bound: a reflection-heavy implementation on two shared cores would still pass ~seconds
        assertThat(millis).as("sort, serialize and parse 100k nodes").isLessThan(20_000);
    }
}

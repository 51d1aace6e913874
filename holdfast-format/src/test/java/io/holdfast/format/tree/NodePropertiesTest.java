package io.holdfast.format.tree;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.format.Id;
import io.holdfast.format.json.RawJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Random nodes survive JSON and back, and writing what was read reproduces the bytes. */
class NodePropertiesTest {
    @Property(tries = 300)
    void treesRoundTrip(@ForAll("nodeLists") @Size(max = 12) List<Node> nodes) throws Exception {
        Tree tree = Tree.of(nodes.stream()
                .collect(java.util.stream.Collectors.toMap(
                        n -> new String(n.nameBytes(), StandardCharsets.ISO_8859_1), n -> n, (a, b) -> a))
                .values());
        byte[] json = tree.toJson();
        Tree back = Tree.parse(Id.hash(json), json);
        assertThat(back.nodes())
                .usingRecursiveFieldByFieldElementComparator()
                .as(new String(json, StandardCharsets.UTF_8))
                .isEqualTo(tree.nodes());
        assertThat(back).isEqualTo(tree);
        assertThat(back.toJson()).isEqualTo(json);
        assertThat(json[json.length - 1]).isEqualTo((byte) '\n');
        assertThat(back.id()).isEqualTo(Id.hash(json));
    }

    @Provide
    Arbitrary<List<Node>> nodeLists() {
        return nodes().list();
    }

    /** Valid Unicode text (no lone surrogates, which Go strings cannot carry), rich in characters Go escapes. */
    static Arbitrary<String> unicode(int minLength, int maxLength) {
        Arbitrary<Integer> special = Arbitraries.of(
                (int) 'a',
                (int) '"',
                (int) '\\',
                (int) '<',
                (int) '>',
                (int) '&',
                (int) '/',
                0,
                1,
                0x0a,
                0x09,
                0x7f,
                0x85,
                0xa0,
                0xe9,
                0x2028,
                0x2029,
                0x200b,
                0xfffd,
                0xe000,
                0x1f600,
                0xf0000);
        Arbitrary<Integer> any = Arbitraries.integers().between(0, 0x10FFFF).filter(c -> c < 0xD800 || c > 0xDFFF);
        return Arbitraries.oneOf(special, any)
                .list()
                .ofMinSize(minLength)
                .ofMaxSize(maxLength)
                .map(cps -> {
                    StringBuilder sb = new StringBuilder();
                    cps.forEach(sb::appendCodePoint);
                    return sb.toString();
                });
    }

    Arbitrary<byte[]> names() {
        Arbitrary<byte[]> utf8 = unicode(1, 16).map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> bytes =
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(16);
        return Arbitraries.oneOf(utf8, bytes).filter(n -> Node.nameProblem(n) == null);
    }

    Arbitrary<OffsetDateTime> times() {
        Arbitrary<Long> seconds = Arbitraries.longs().between(-62_000_000_000L, 250_000_000_000L);
        Arbitrary<Integer> nanos = Arbitraries.integers().between(0, 999_999_999);
        Arbitrary<ZoneOffset> offsets =
                Arbitraries.integers().between(-18 * 4, 18 * 4).map(q -> ZoneOffset.ofTotalSeconds(q * 15 * 60));
        return Combinators.combine(seconds, nanos, offsets)
                .as((s, n, o) -> OffsetDateTime.ofInstant(Instant.ofEpochSecond(s, n), o));
    }

    Arbitrary<String> texts() {
        return Arbitraries.oneOf(Arbitraries.just(""), unicode(1, 10));
    }

    Arbitrary<Id> ids() {
        return Arbitraries.bytes().array(byte[].class).ofSize(32).map(Id::of);
    }

    Arbitrary<Node> nodes() {
        Arbitrary<Long> u64 = Arbitraries.oneOf(
                Arbitraries.just(0L), Arbitraries.longs(), Arbitraries.longs().between(0, 100_000));
        Arbitrary<Long> u32 = Arbitraries.longs().between(0, 0xFFFF_FFFFL);
        Arbitrary<ExtendedAttribute> xattr = Combinators.combine(
                        texts(), Arbitraries.bytes().array(byte[].class).ofMaxSize(12))
                .as(ExtendedAttribute::of);
        Arbitrary<byte[]> targets = Arbitraries.oneOf(
                Arbitraries.just(new byte[0]),
                names(),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(20));
        return Builders.withBuilder(Node::builder)
                .use(names())
                .in(NodeBuilder::name)
                .use(Arbitraries.of(NodeType.class))
                .in(NodeBuilder::type)
                .use(Arbitraries.integers())
                .in(NodeBuilder::mode)
                .use(times())
                .in(NodeBuilder::mtime)
                .use(times())
                .in(NodeBuilder::atime)
                .use(times())
                .in(NodeBuilder::ctime)
                .use(u32)
                .in(NodeBuilder::uid)
                .use(u32)
                .in(NodeBuilder::gid)
                .use(texts())
                .in(NodeBuilder::user)
                .use(texts())
                .in(NodeBuilder::group)
                .use(u64)
                .in(NodeBuilder::inode)
                .use(u64)
                .in(NodeBuilder::deviceId)
                .use(u64)
                .in(NodeBuilder::size)
                .use(u64)
                .in(NodeBuilder::links)
                .use(targets)
                .in(NodeBuilder::linkTarget)
                .use(xattr.list().ofMaxSize(3))
                .in(NodeBuilder::extendedAttributes)
                .use(Arbitraries.of(RawJson.of("{\"windows.file_attributes\":\"IAAAAA==\"}")))
                .withProbability(0.2)
                .in(NodeBuilder::genericAttributes)
                .use(u64)
                .in(NodeBuilder::device)
                .use(ids().list().ofMaxSize(3))
                .withProbability(0.7)
                .in(NodeBuilder::content)
                .use(ids())
                .withProbability(0.3)
                .in(NodeBuilder::subtree)
                .use(texts())
                .in(NodeBuilder::error)
                .use(Arbitraries.of(Map.of("later_field", RawJson.of("[1,{\"a\":\"\\u003c\"}]"))))
                .withProbability(0.2)
                .in(NodeBuilder::unknownFields)
                .build(NodeBuilder::build);
    }
}

package io.holdfast.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The streaming tree reader and writer against what an {@link ObjectMapper} makes of the same trees and bytes. */
class FormatJsonTest {
    private static final ObjectMapper REFERENCE = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    @Property(tries = 300)
    void writesTheBytesAnObjectMapperWritesAndReadsBackTheTreeItReads(@ForAll("objects") ObjectNode tree)
            throws Exception {
        byte[] ours = FormatJson.bytes(tree);
        assertThat(ours).isEqualTo(REFERENCE.writeValueAsBytes(tree));
        JsonNode parsed = FormatJson.parseObject(ours, "test");
        assertThat(parsed).isEqualTo(REFERENCE.readTree(ours));
        // a long that fits an int reads back as an int node, in both; the bytes are the same again
        assertThat(FormatJson.bytes(parsed)).isEqualTo(ours);
    }

    @Test
    void numbersKeepTheNodeTypesAnObjectMapperGivesThem() throws Exception {
        byte[] json = ("{\"i\":7,\"l\":8589934592,\"b\":123456789012345678901234567890,\"d\":1.5,\"e\":-2e-3,"
                        + "\"t\":true,\"f\":false,\"n\":null,\"s\":\"\\u00e9\\n\",\"a\":[1,[],{}],\"i\":9}")
                .getBytes(StandardCharsets.UTF_8);
        ObjectNode o = FormatJson.parseObject(json, "test");
        assertThat(o).isEqualTo(REFERENCE.readTree(json));
        assertThat(o.get("i").isInt()).isTrue();
        assertThat(o.get("i").intValue()).isEqualTo(9); // the last of a repeated name, as Jackson's trees keep
        assertThat(o.get("l").isLong()).isTrue();
        assertThat(o.get("b").isBigInteger()).isTrue();
        assertThat(o.get("d").isDouble()).isTrue();
        assertThat(new String(FormatJson.bytes(o), StandardCharsets.UTF_8)).isEqualTo(REFERENCE.writeValueAsString(o));
    }

    @Test
    void badInputIsCorruptDataNamingWhatWasRead() {
        for (String bad : List.of("", "[1,2]", "\"text\"", "{\"a\":", "{\"a\" 1}", "{\"a\":[1,}", "nul")) {
            assertThatThrownBy(() -> FormatJson.parseObject(bad.getBytes(StandardCharsets.UTF_8), "config"))
                    .as(bad)
                    .isInstanceOf(CorruptDataException.class)
                    .hasMessageContaining("config");
        }
    }

    @Provide
    Arbitrary<ObjectNode> objects() {
        return object(3);
    }

    private Arbitrary<ObjectNode> object(int depth) {
        Arbitrary<String> names = Arbitraries.strings().ofMaxLength(8);
        return Arbitraries.maps(names, value(depth - 1)).ofMaxSize(5).map(m -> {
            ObjectNode o = F.objectNode();
            m.forEach(o::set);
            return o;
        });
    }

    private Arbitrary<JsonNode> value(int depth) {
        Arbitrary<JsonNode> leaf = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12).map(F::textNode),
                Arbitraries.integers().map(F::numberNode),
                Arbitraries.longs().map(F::numberNode),
                Arbitraries.bigIntegers()
                        .between(BigInteger.TWO.pow(64), BigInteger.TWO.pow(90))
                        .map(F::numberNode),
                Arbitraries.doubles().map(F::numberNode),
                Arbitraries.of(true, false).map(F::booleanNode),
                Arbitraries.just(F.nullNode()));
        if (depth <= 0) {
            return leaf;
        }
        Arbitrary<JsonNode> array = Arbitraries.lazy(() -> value(depth - 1))
                .list()
                .ofMaxSize(4)
                .map(l -> {
                    ArrayNode a = F.arrayNode();
                    l.forEach(a::add);
                    return a;
                });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, leaf),
                net.jqwik.api.Tuple.of(1, array),
                net.jqwik.api.Tuple.of(
                        1, Arbitraries.lazy(() -> object(depth - 1)).map(o -> (JsonNode) o)));
    }
}

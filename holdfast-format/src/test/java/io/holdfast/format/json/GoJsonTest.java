package io.holdfast.format.json;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonToken;
import io.holdfast.format.CorruptDataException;
import io.holdfast.format.Id;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class GoJsonTest {
    private static String json(GoJsonWriter w) {
        return new String(w.finish(false), UTF_8);
    }

    @Test
    void escapesStringsAsGoEncodingJson() {
        GoJsonWriter w = new GoJsonWriter(64);
        w.startArray();
        w.string("<a href=\"x\">&amp;</a>");
        w.string("back\\slash tab\t nl\n cr\r bs\b ff\f nul\u0000 us\u001f del\u007f");
        w.string("ls\u2028ps\u2029 nbsp\u00a0 \u00e9 \u65e5 \uD83D\uDE00 \uFFFD");
        w.string("lone\uD800surrogate");
        w.string("bad\u00ff\u00c0".getBytes(ISO_8859_1));
        w.string("ok\u00c3\u00a9".getBytes(ISO_8859_1));
        w.endArray();
        assertThat(json(w))
                .isEqualTo("["
                        + "\"\\u003ca href=\\\"x\\\"\\u003e\\u0026amp;\\u003c/a\\u003e\","
                        + "\"back\\\\slash tab\\t nl\\n cr\\r bs\\u0008 ff\\u000c nul\\u0000 us\\u001f del\u007f\","
                        + "\"ls\\u2028ps\\u2029 nbsp\u00a0 \u00e9 \u65e5 \uD83D\uDE00 \uFFFD\","
                        + "\"lone\\ufffdsurrogate\","
                        + "\"bad\\ufffd\\ufffd\","
                        + "\"ok\u00e9\""
                        + "]");
    }

    @Test
    void writesNumbersIdsTimesBytesAndRawValues() {
        Id id = Id.hash(new byte[0]);
        GoJsonWriter w = new GoJsonWriter(64);
        w.startObject();
        w.field("big").unsigned(-1L);
        w.field("small").unsigned(42);
        w.field("id").id(id);
        w.field("t").time(OffsetDateTime.of(2020, 1, 2, 3, 4, 5, 600, ZoneOffset.ofHours(-7)));
        w.field("b").bytes(new byte[] {0, (byte) 0xff, 'v'});
        w.field("e").bytes(new byte[0]);
        w.field("raw").raw(RawJson.of("{\"x\":[1,2.5,\"\\u003c\"]}"));
        w.field("a<b").nullValue();
        w.endObject();
        assertThat(json(w))
                .isEqualTo("{\"big\":18446744073709551615,\"small\":42,\"id\":\"" + id.hex() + "\","
                        + "\"t\":\"2020-01-02T03:04:05.0000006-07:00\",\"b\":\"AP92\",\"e\":\"\","
                        + "\"raw\":{\"x\":[1,2.5,\"\\u003c\"]},\"a\\u003cb\":null}");
    }

    @Test
    void finishCanAppendTheNewlineGoEncoderAdds() {
        assertThat(new String(new GoJsonWriter(8).startObject().endObject().finish(true), UTF_8))
                .isEqualTo("{}\n");
    }

    @Test
    void readerCapturesRawValuesExactly() throws Exception {
        String doc =
                "{\"s\":\"a\\u003cb\\\"\",\"n\":-12.5e3,\"o\":{\"k\":[1,{\"z\":null}]},\"a\":[],\"t\":true,\"x\":null}";
        try (GoJsonReader r = GoJsonReader.of(doc.getBytes(UTF_8), "test")) {
            r.expect(JsonToken.START_OBJECT);
            StringBuilder seen = new StringBuilder();
            for (String f = r.nextField(); f != null; f = r.nextField()) {
                seen.append(f).append('=').append(r.raw()).append(';');
            }
            r.expectEnd();
            assertThat(seen.toString())
                    .isEqualTo("s=\"a\\u003cb\\\"\";n=-12.5e3;o={\"k\":[1,{\"z\":null}]};a=[];t=true;x=null;");
        }
    }

    @Test
    void readerAppliesGoDecodingRules() throws Exception {
        String doc = "{\"u\":18446744073709551615,\"s\":null,\"t\":null,\"i\":null,\"b\":\"AP92\"}";
        try (GoJsonReader r = GoJsonReader.of(doc.getBytes(UTF_8), "test")) {
            r.expect(JsonToken.START_OBJECT);
            r.nextField();
            assertThat(r.uint64()).isEqualTo(-1L);
            r.nextField();
            assertThat(r.string()).isEmpty();
            r.nextField();
            assertThat(r.time()).isEqualTo(GoTime.ZERO);
            r.nextField();
            assertThat(r.ids()).isNull();
            r.nextField();
            assertThat(r.bytes()).containsExactly(0, 0xff, 'v');
        }
    }

    @Test
    void readerRejectsBadNumbersWithTheObjectName() throws Exception {
        for (String value : new String[] {"-1", "1.5", "4294967296", "\"7\""}) {
            try (GoJsonReader r = GoJsonReader.of(("{\"u\":" + value + "}").getBytes(UTF_8), "snapshots/abc")) {
                r.expect(JsonToken.START_OBJECT);
                r.nextField();
                assertThatThrownBy(r::uint32)
                        .isInstanceOf(CorruptDataException.class)
                        .hasMessageStartingWith("snapshots/abc: ");
            }
        }
    }

    @Test
    void readerRejectsTrailingData() throws Exception {
        try (GoJsonReader r = GoJsonReader.of("{} {}".getBytes(UTF_8), "x")) {
            r.expect(JsonToken.START_OBJECT);
            assertThat(r.nextField()).isNull();
            assertThatThrownBy(r::expectEnd).isInstanceOf(CorruptDataException.class);
        }
    }

    @Test
    void rawJsonValidates() {
        assertThat(RawJson.of("[1, 2]").toString()).isEqualTo("[1, 2]");
        assertThatThrownBy(() -> RawJson.of("{")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RawJson.of("1 2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RawJson.of("")).isInstanceOf(IllegalArgumentException.class);
    }
}

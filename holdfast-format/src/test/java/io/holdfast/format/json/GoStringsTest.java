package io.holdfast.format.json;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GoStringsTest {
    /** Bytes given as ISO-8859-1 text, i.e. one char per byte. */
    private static byte[] raw(String oneCharPerByte) {
        return oneCharPerByte.getBytes(ISO_8859_1);
    }

    private static String quote(byte[] s) {
        return new String(GoStrings.quote(s), UTF_8);
    }

    @Test
    void quotesAsStrconvQuote() {
        // Expected strings follow Go's strconv.Quote (without the outer quotes).
        assertThat(GoStrings.quote("plain name.txt")).isEqualTo("plain name.txt");
        assertThat(GoStrings.quote("a\"b\\c<d>&e")).isEqualTo("a\\\"b\\\\c<d>&e");
        assertThat(GoStrings.quote("\u0007\b\f\n\r\t\u000b")).isEqualTo("\\a\\b\\f\\n\\r\\t\\v");
        assertThat(GoStrings.quote("\u0001x\u001f\u007f")).isEqualTo("\\x01x\\x1f\\x7f");
        assertThat(GoStrings.quote("nbsp\u00a0x")).isEqualTo("nbsp\\u00a0x");
        assertThat(GoStrings.quote("ls\u2028x")).isEqualTo("ls\\u2028x");
        assertThat(GoStrings.quote("nel\u0085 soft\u00ad zw\u200b pua\ue000 ideo\u3000"))
                .isEqualTo("nel\\u0085 soft\\u00ad zw\\u200b pua\\ue000 ideo\\u3000");
        assertThat(GoStrings.quote(new String(Character.toChars(0xF0000)))).isEqualTo("\\U000f0000");
        assertThat(GoStrings.quote("d\u00e9j\u00e0 \u65e5\u672c \uD83D\uDE00 \uFFFD"))
                .isEqualTo("d\u00e9j\u00e0 \u65e5\u672c \uD83D\uDE00 \uFFFD");
    }

    @Test
    void quotesInvalidUtf8ByteByByte() {
        assertThat(quote(raw("bad\u00ffname"))).isEqualTo("bad\\xffname");
        assertThat(quote(raw("\u00ed\u00a0\u0080"))).as("encoded surrogate").isEqualTo("\\xed\\xa0\\x80");
        assertThat(quote(raw("\u00c0\u0080"))).as("overlong").isEqualTo("\\xc0\\x80");
        assertThat(quote(raw("\u00f4\u0090\u0080\u0080"))).as("above U+10FFFF").isEqualTo("\\xf4\\x90\\x80\\x80");
        assertThat(quote(raw("\u00e6\u0097"))).as("truncated").isEqualTo("\\xe6\\x97");
        assertThat(quote(raw("\u00e6\u0097x"))).isEqualTo("\\xe6\\x97x");
    }

    @Test
    void decodesRunesLikeGo() {
        byte[] euro = "\u20ac".getBytes(UTF_8);
        assertThat(GoUtf8.decodeRune(euro, 0, 3)).isEqualTo(0x20ac << 3 | 3);
        assertThat(GoUtf8.decodeRune(euro, 0, 2)).isEqualTo(GoUtf8.RUNE_ERROR << 3 | 1);
        assertThat(GoUtf8.isValidUtf8("\uD83D\uDE00".getBytes(UTF_8))).isTrue();
        assertThat(GoUtf8.isValidUtf8(raw("\u00ed\u00a0\u0080"))).isFalse();
    }

    @Test
    void unquotesGoEscapes() {
        assertThat(new String(GoStrings.unquote("\\101\\x42\\u00e9\\U0001F600"), UTF_8))
                .isEqualTo("AB\u00e9\uD83D\uDE00");
        assertThat(new String(GoStrings.unquote("tab\\there"), UTF_8)).isEqualTo("tab\there");
        assertThat(new String(GoStrings.unquote("\\a\\b\\f\\n\\r\\v\\\\\\\""), UTF_8))
                .isEqualTo("\u0007\b\f\n\r\u000b\\\"");
        assertThat(new String(GoStrings.unquote("raw\ttab and \u00e9"), UTF_8)).isEqualTo("raw\ttab and \u00e9");
    }

    @Test
    void unquotesByteEscapesToRawBytes() {
        assertThat(GoStrings.unquote("bad\\xffname")).isEqualTo(raw("bad\u00ffname"));
        assertThat(GoStrings.unquote("\\377\\000")).isEqualTo(new byte[] {(byte) 0xff, 0});
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"\\'", "\\q", "\\x4", "\\xg0", "\\400", "\\8", "\\ud800", "\\U00110000", "a\"b", "a\nb", "end\\"
            })
    void rejectsWhatStrconvUnquoteRejects(String body) {
        assertThatThrownBy(() -> GoStrings.unquote(body)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 2000)
    void unquoteInvertsQuoteForAnyBytes(@ForAll @Size(max = 40) byte[] name) {
        byte[] quoted = GoStrings.quote(name);
        assertThat(GoUtf8.isValidUtf8(quoted)).isTrue();
        for (byte b : quoted) {
            assertThat(b >= 0 && b < 0x20).as("control byte in quoted form").isFalse();
        }
        assertThat(GoStrings.unquote(new String(quoted, UTF_8))).isEqualTo(name);
    }

    @Property(tries = 3000)
    void utf8ValidityAgreesWithAStrictDecoder(@ForAll @Size(max = 8) byte[] s) {
        boolean strict;
        try {
            UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(s));
            strict = true;
        } catch (CharacterCodingException e) {
            strict = false;
        }
        assertThat(GoUtf8.isValidUtf8(s)).isEqualTo(strict);
    }

    @Property(tries = 2000)
    void unquoteInvertsQuoteForAnyString(@ForAll @Size(max = 40) String name) {
        byte[] utf8 = name.getBytes(UTF_8);
        assertThat(GoStrings.unquote(GoStrings.quote(name))).isEqualTo(utf8);
    }
}

package io.holdfast.format.json;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Go's string quoting on raw byte strings: {@code strconv.Quote} / {@code strconv.Unquote} and
 * {@code strconv.IsPrint}. restic stores a node's name as its Go-quoted form without the
 * surrounding quotes, so that names which are not valid UTF-8 survive JSON.
 *
 * <p>Printability follows Go's definition (Unicode categories L, M, N, P, S and the ASCII space), evaluated with the
 * JDK's Unicode tables. Code points assigned after the Unicode version of the Go release that built restic may
 * therefore be quoted differently; both forms decode to the same name.
 */
public final class GoStrings {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private GoStrings() {}

    /** Go's {@code strconv.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    public static boolean isPrint(int r) {
        if (r < 0x80) {
            return r >= 0x20 && r < 0x7F;
        }
        return switch (Character.getType(r)) {
            case Character.UPPERCASE_LETTER,
                    Character.LOWERCASE_LETTER,
                    Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER,
                    Character.OTHER_LETTER,
                    Character.NON_SPACING_MARK,
                    Character.ENCLOSING_MARK,
                    Character.COMBINING_SPACING_MARK,
                    Character.DECIMAL_DIGIT_NUMBER,
                    Character.LETTER_NUMBER,
                    Character.OTHER_NUMBER,
                    Character.CONNECTOR_PUNCTUATION,
                    Character.DASH_PUNCTUATION,
                    Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION,
                    Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION,
                    Character.MATH_SYMBOL,
                    Character.CURRENCY_SYMBOL,
                    Character.MODIFIER_SYMBOL,
                    Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }

    /**
     * The body of {@code strconv.Quote(s)}, that is without the surrounding double quotes, as UTF-8 bytes. The result
     * is always valid UTF-8 and contains no control characters.
     */
    public static byte[] quote(byte[] s) {
        if (isPlainAscii(s)) {
            return s.clone();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length + 8);
        for (int i = 0; i < s.length; ) {
            int b = s[i] & 0xff;
            if (b >= 0x20 && b < 0x7F && b != '"' && b != '\\') {
                out.write(b);
                i++;
                continue;
            }
            int d = b < 0x80 ? b << 3 | 1 : GoUtf8.decodeRune(s, i, s.length);
            int r = d >>> 3;
            int w = d & 7;
            if (r == GoUtf8.RUNE_ERROR && w == 1) {
                hexEscape(out, 'x', b, 2);
            } else if (r == '"' || r == '\\') {
                out.write('\\');
                out.write(r);
            } else if (isPrint(r)) {
                out.write(s, i, w);
            } else {
                escapeRune(out, r);
            }
            i += w;
        }
        return out.toByteArray();
    }

    private static boolean isPlainAscii(byte[] s) {
        for (byte b : s) {
            if (b < 0x20 || b == 0x7F || b == '"' || b == '\\') {
                return false;
            }
        }
        return true;
    }

    private static void escapeRune(ByteArrayOutputStream out, int r) {
        char c = switch (r) {
            case 0x07 -> 'a';
            case '\b' -> 'b';
            case '\f' -> 'f';
            case '\n' -> 'n';
            case '\r' -> 'r';
            case '\t' -> 't';
            case 0x0B -> 'v';
            default -> 0;
        };
        if (c != 0) {
            out.write('\\');
            out.write(c);
        } else if (r < ' ' || r == 0x7F) {
            hexEscape(out, 'x', r, 2);
        } else if (r < 0x10000) {
            hexEscape(out, 'u', r, 4);
        } else {
            hexEscape(out, 'U', r, 8);
        }
    }

    private static void hexEscape(ByteArrayOutputStream out, char kind, int v, int digits) {
        out.write('\\');
        out.write(kind);
        for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) {
            out.write(HEX[(v >>> shift) & 0xF]);
        }
    }

    /** {@link #quote(byte[])} of the UTF-8 encoding of {@code s}, as a string. */
    public static String quote(String s) {
        return new String(quote(s.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    /**
     * Reverses {@link #quote(byte[])} as {@code strconv.Unquote("\"" + body + "\"")} does: Go's escapes {@code \a \b
     * \f \n \r \t \v \\ \" \xHH \NNN \\uHHHH \UHHHHHHHH} are decoded, an unescaped double quote or newline is an error.
     *
     * @throws IllegalArgumentException if Go would reject the string
     */
    public static byte[] unquote(String body) {
        int n = body.length();
        if (isPlainAscii(body)) {
            return body.getBytes(StandardCharsets.ISO_8859_1);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(n);
        for (int i = 0; i < n; ) {
            char c = body.charAt(i);
            if (c == '"' || c == '\n') {
                throw new IllegalArgumentException("unescaped " + (c == '"' ? "quote" : "newline"));
            }
            if (c != '\\') {
                int cp = body.codePointAt(i);
                i += Character.charCount(cp);
                appendUtf8(out, cp >= 0xD800 && cp <= 0xDFFF ? GoUtf8.RUNE_ERROR : cp);
                continue;
            }
            if (i + 1 >= n) {
                throw new IllegalArgumentException("trailing backslash");
            }
            char e = body.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'a' -> out.write(0x07);
                case 'b' -> out.write('\b');
                case 'f' -> out.write('\f');
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'v' -> out.write(0x0B);
                case '\\', '"' -> out.write(e);
                case 'x', 'u', 'U' -> {
                    int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (i + digits > n) {
                        throw new IllegalArgumentException("short \\" + e + " escape");
                    }
                    long v = 0;
                    for (int k = 0; k < digits; k++) {
                        int h = Character.digit(body.charAt(i + k), 16);
                        if (h < 0 || body.charAt(i + k) > 0x7F) {
                            throw new IllegalArgumentException("bad hex digit in \\" + e + " escape");
                        }
                        v = v << 4 | h;
                    }
                    i += digits;
                    if (e == 'x') {
                        out.write((int) v);
                    } else if (v > Character.MAX_CODE_POINT || (v >= 0xD800 && v <= 0xDFFF)) {
                        throw new IllegalArgumentException("escape is not a valid rune");
                    } else {
                        appendUtf8(out, (int) v);
                    }
                }
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    if (i + 2 > n) {
                        throw new IllegalArgumentException("short octal escape");
                    }
                    int v = e - '0';
                    for (int k = 0; k < 2; k++) {
                        int d = body.charAt(i + k) - '0';
                        if (d < 0 || d > 7) {
                            throw new IllegalArgumentException("bad octal digit");
                        }
                        v = v << 3 | d;
                    }
                    i += 2;
                    if (v > 255) {
                        throw new IllegalArgumentException("octal escape above 255");
                    }
                    out.write(v);
                }
                default -> throw new IllegalArgumentException("unknown escape \\" + e);
            }
        }
        return out.toByteArray();
    }

    private static boolean isPlainAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static void appendUtf8(ByteArrayOutputStream out, int cp) {
        if (cp < 0x80) {
            out.write(cp);
        } else if (cp < 0x800) {
            out.write(0xC0 | cp >> 6);
            out.write(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out.write(0xE0 | cp >> 12);
            out.write(0x80 | (cp >> 6 & 0x3F));
            out.write(0x80 | (cp & 0x3F));
        } else {
            out.write(0xF0 | cp >> 18);
            out.write(0x80 | (cp >> 12 & 0x3F));
            out.write(0x80 | (cp >> 6 & 0x3F));
            out.write(0x80 | (cp & 0x3F));
        }
    }
}

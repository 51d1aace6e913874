package io.holdfast.format.tree;

import io.holdfast.format.json.GoUtf8;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * File names and paths are byte strings (anything but NUL, and {@code /} between names), not text: on Linux a name
 * need not be valid UTF-8, and restic stores such names byte for byte. Holdfast holds them in Java strings without
 * loss by escaping each byte that is not part of valid UTF-8 as a lone low surrogate {@code U+DC80..U+DCFF}, as
 * Python's {@code surrogateescape} (PEP 383) does: {@link #decode} and {@link #encode} are exact inverses for every
 * byte string, and valid UTF-8 decodes to the ordinary string. A lone surrogate never occurs in a decoded valid
 * name, so the escape is unambiguous; printed, it shows as {@code ?} (or is written back as the raw byte by an output
 * that encodes with {@link #encode}).
 */
public final class Names {
    private static final char ESCAPE = 0xDC00;

    private Names() {}

    /** The string of a byte string: valid UTF-8 decoded, every other byte {@code b} as {@code U+DC00 + b}. */
    public static String decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /** As {@link #decode(byte[])} for {@code bytes[from..to)}. */
    public static String decode(byte[] bytes, int from, int to) {
        boolean ascii = true;
        for (int i = from; i < to; i++) {
            if (bytes[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
        }
        StringBuilder sb = new StringBuilder(to - from);
        for (int i = from; i < to; ) {
            int b = bytes[i];
            if (b >= 0) {
                sb.append((char) b);
                i++;
                continue;
            }
            int rw = GoUtf8.decodeRune(bytes, i, to);
            int rune = rw >>> 3;
            int width = rw & 7;
            if (rune == GoUtf8.RUNE_ERROR && !encodedReplacement(bytes, i, to)) {
                sb.append((char) (ESCAPE | (b & 0xff)));
                i++;
            } else {
                sb.appendCodePoint(rune);
                i += width;
            }
        }
        return sb.toString();
    }

    /** Whether the bytes at {@code i} are the UTF-8 encoding of U+FFFD itself (EF BF BD), a valid name character. */
    private static boolean encodedReplacement(byte[] s, int i, int end) {
        return i + 3 <= end && (s[i] & 0xff) == 0xEF && (s[i + 1] & 0xff) == 0xBF && (s[i + 2] & 0xff) == 0xBD;
    }

    /** The byte string of a string: lone surrogates {@code U+DC80..U+DCFF} as their byte, the rest as UTF-8. */
    public static byte[] encode(String s) {
        int n = s.length();
        boolean simple = true;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                simple = false;
                break;
            }
        }
        if (simple) {
            return s.getBytes(StandardCharsets.ISO_8859_1);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(n + 16);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out.write(c);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                writeUtf8(out, Character.toCodePoint(c, s.charAt(i + 1)));
                i++;
            } else if (c >= 0xDC80 && c <= 0xDCFF) {
                out.write(c & 0xff);
            } else if (Character.isSurrogate(c)) {
                writeUtf8(out, GoUtf8.RUNE_ERROR); // a lone surrogate that is no escape: as Go, U+FFFD
            } else {
                writeUtf8(out, c);
            }
        }
        return out.toByteArray();
    }

    /** Whether {@code s} holds an escaped byte, i.e. its name is not valid UTF-8. */
    public static boolean hasEscapes(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0xDC80 && c <= 0xDCFF && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)))) {
                return true;
            }
        }
        return false;
    }

    /** {@code s} as valid Unicode text: each escaped byte replaced by U+FFFD, as Go's JSON encoder does. */
    public static String toText(String s) {
        if (!hasEscapes(s)) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0xDC80 && c <= 0xDCFF && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)))) {
                sb.append((char) GoUtf8.RUNE_ERROR);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static void writeUtf8(ByteArrayOutputStream out, int cp) {
        if (cp < 0x800) {
            out.write(0xC0 | cp >> 6);
            out.write(0x80 | cp & 0x3F);
        } else if (cp < 0x10000) {
            out.write(0xE0 | cp >> 12);
            out.write(0x80 | cp >> 6 & 0x3F);
            out.write(0x80 | cp & 0x3F);
        } else {
            out.write(0xF0 | cp >> 18);
            out.write(0x80 | cp >> 12 & 0x3F);
            out.write(0x80 | cp >> 6 & 0x3F);
            out.write(0x80 | cp & 0x3F);
        }
    }
}

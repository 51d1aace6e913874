package io.holdfast.format.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Go's {@code encoding/json} string escaping into a reusable byte buffer: quote, backslash, newline, carriage return
 * and tab get two-character escapes; other control characters and the HTML characters {@code < > &} become six-character
 * Unicode escapes with lower-case hex (backslash, {@code u00xx}); U+2028 and U+2029 are escaped the same way; each byte
 * of invalid UTF-8 (or a lone surrogate of a Java string) becomes the escape of U+FFFD; everything else is raw UTF-8.
 * The quotes around the string are not part of the output.
 */
final class GoEscaper {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REPLACEMENT = "\\ufffd".getBytes(StandardCharsets.US_ASCII);

    byte[] buf = new byte[256];
    int len;

    /** Empties the buffer. */
    GoEscaper reset() {
        len = 0;
        return this;
    }

    /** A copy of the buffer's bytes. */
    byte[] toBytes() {
        return Arrays.copyOf(buf, len);
    }

    void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    private void escapeAscii(int b) {
        ensure(6);
        if (b >= 0x20 && b != '"' && b != '\\' && b != '<' && b != '>' && b != '&') {
            buf[len++] = (byte) b;
            return;
        }
        buf[len++] = '\\';
        switch (b) {
            case '"', '\\' -> buf[len++] = (byte) b;
            case '\n' -> buf[len++] = 'n';
            case '\r' -> buf[len++] = 'r';
            case '\t' -> buf[len++] = 't';
            default -> {
                buf[len++] = 'u';
                buf[len++] = '0';
                buf[len++] = '0';
                buf[len++] = HEX[b >> 4];
                buf[len++] = HEX[b & 0xF];
            }
        }
    }

    private void escapeLineSeparator(int r) {
        ensure(6);
        buf[len++] = '\\';
        buf[len++] = 'u';
        buf[len++] = '2';
        buf[len++] = '0';
        buf[len++] = '2';
        buf[len++] = HEX[r & 0xF];
    }

    GoEscaper escape(byte[] s) {
        for (int i = 0; i < s.length; ) {
            int b = s[i];
            if (b >= 0) {
                escapeAscii(b);
                i++;
                continue;
            }
            int d = GoUtf8.decodeRune(s, i, s.length);
            int r = d >>> 3;
            int w = d & 7;
            ensure(6);
            if (w == 1) {
                System.arraycopy(REPLACEMENT, 0, buf, len, REPLACEMENT.length);
                len += REPLACEMENT.length;
            } else if (r == 0x2028 || r == 0x2029) {
                escapeLineSeparator(r);
            } else {
                System.arraycopy(s, i, buf, len, w);
                len += w;
            }
            i += w;
        }
        return this;
    }

    GoEscaper escape(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                escapeAscii(c);
                continue;
            }
            ensure(6);
            if (c < 0x800) {
                buf[len++] = (byte) (0xC0 | c >> 6);
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            } else if (c == 0x2028 || c == 0x2029) {
                escapeLineSeparator(c);
            } else if (!Character.isSurrogate(c)) {
                buf[len++] = (byte) (0xE0 | c >> 12);
                buf[len++] = (byte) (0x80 | (c >> 6 & 0x3F));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[len++] = (byte) (0xF0 | cp >> 18);
                buf[len++] = (byte) (0x80 | (cp >> 12 & 0x3F));
                buf[len++] = (byte) (0x80 | (cp >> 6 & 0x3F));
                buf[len++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                System.arraycopy(REPLACEMENT, 0, buf, len, REPLACEMENT.length);
                len += REPLACEMENT.length;
            }
        }
        return this;
    }
}

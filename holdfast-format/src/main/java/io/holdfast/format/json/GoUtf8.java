package io.holdfast.format.json;

/**
 * UTF-8 decoding as Go's {@code unicode/utf8} does it: an invalid or truncated sequence, an overlong form, an encoded
 * surrogate or a value above U+10FFFF decodes as U+FFFD with width 1, so that each bad byte is handled on its own.
 */
public final class GoUtf8 {
    /** The replacement character U+FFFD that Go substitutes for each invalid byte. */
    public static final int RUNE_ERROR = 0xFFFD;

    private GoUtf8() {}

    /**
     * Decodes the rune starting at {@code i} as Go's {@code utf8.DecodeRune}: an invalid or truncated sequence,
     * an overlong form, a surrogate or a value above U+10FFFF yields U+FFFD with width 1.
     *
     * @return {@code rune << 3 | width}
     */
    public static int decodeRune(byte[] s, int i, int end) {
        int b0 = s[i] & 0xff;
        if (b0 < 0x80) {
            return b0 << 3 | 1;
        }
        int n;
        int lo = 0x80;
        int hi = 0xBF;
        int r;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            n = 2;
            r = b0 & 0x1F;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            n = 3;
            r = b0 & 0x0F;
            if (b0 == 0xE0) {
                lo = 0xA0;
            } else if (b0 == 0xED) {
                hi = 0x9F;
            }
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            n = 4;
            r = b0 & 0x07;
            if (b0 == 0xF0) {
                lo = 0x90;
            } else if (b0 == 0xF4) {
                hi = 0x8F;
            }
        } else {
            return RUNE_ERROR << 3 | 1;
        }
        if (i + n > end) {
            return RUNE_ERROR << 3 | 1;
        }
        for (int k = 1; k < n; k++) {
            int b = s[i + k] & 0xff;
            if (b < lo || b > hi) {
                return RUNE_ERROR << 3 | 1;
            }
            lo = 0x80;
            hi = 0xBF;
            r = r << 6 | (b & 0x3F);
        }
        return r << 3 | n;
    }

    /** Whether {@code s} is valid UTF-8 by Go's rules ({@code utf8.Valid}). */
    public static boolean isValidUtf8(byte[] s) {
        for (int i = 0; i < s.length; ) {
            if (s[i] >= 0) {
                i++;
                continue;
            }
            int d = decodeRune(s, i, s.length);
            if ((d & 7) == 1) {
                return false;
            }
            i += d & 7;
        }
        return true;
    }
}

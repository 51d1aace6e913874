package io.holdfast.promptlog;

import java.io.ByteArrayOutputStream;

/** Unsigned LEB128 integers, as in protobuf: 7 bits a byte, low bits first. */
final class Varints {
    private Varints() {}

    static void write(ByteArrayOutputStream out, long v) {
        if (v < 0) {
            throw new IllegalArgumentException("negative varint " + v);
        }
        while (v >= 0x80) {
            out.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** A cursor over a byte array. */
    static final class Reader {
        private final byte[] buf;
        private int pos;
        private final int end;

        Reader(byte[] buf, int pos, int end) {
            this.buf = buf;
            this.pos = pos;
            this.end = end;
        }

        int pos() {
            return pos;
        }

        int remaining() {
            return end - pos;
        }

        int u8() {
            if (pos >= end) {
                throw new IllegalStateException("truncated");
            }
            return buf[pos++] & 0xff;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = u8();
                v |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw new IllegalStateException("varint too long");
        }

        int length() {
            long v = varint();
            if (v > remaining()) {
                throw new IllegalStateException("length " + v + " beyond the frame");
            }
            return (int) v;
        }

        byte[] bytes(int n) {
            if (n > remaining()) {
                throw new IllegalStateException("truncated");
            }
            byte[] b = java.util.Arrays.copyOfRange(buf, pos, pos + n);
            pos += n;
            return b;
        }
    }
}

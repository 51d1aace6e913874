package io.holdfast.format.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Sequential little-endian reads from a {@link ModelSource} through a small buffer, never past {@code limit}. Every
 * length read from the file is checked against the bytes left before anything is allocated for it.
 */
final class Cursor {
    private static final int BUF = 64 * 1024;

    private final ModelSource src;
    private final String file;
    private final long limit;
    private final byte[] buf = new byte[BUF];
    private long bufStart;
    private int bufLen;
    private long pos;

    Cursor(ModelSource src, long start, long limit) {
        this.src = src;
        this.file = src.name();
        this.pos = start;
        this.limit = limit;
    }

    String file() {
        return file;
    }

    long position() {
        return pos;
    }

    long remaining() {
        return limit - pos;
    }

    void seek(long position) throws InvalidModelException {
        if (position < 0 || position > limit) {
            throw new InvalidModelException(file, null, position, -1, "is beyond the end (" + limit + ")");
        }
        pos = position;
    }

    void skip(long n) throws InvalidModelException {
        if (n < 0 || n > remaining()) {
            throw new InvalidModelException(file, null, pos, -1, "a length of " + n + " runs past the end: truncated");
        }
        pos += n;
    }

    private void need(int n) throws IOException {
        if (n > remaining()) {
            throw new InvalidModelException(file, null, pos, -1, "needs " + n + " more bytes: truncated");
        }
        if (pos < bufStart || pos + n > bufStart + bufLen) {
            bufStart = pos;
            bufLen = (int) Math.min(BUF, limit - pos);
            src.read(bufStart, buf, 0, bufLen);
        }
    }

    int u8() throws IOException {
        need(1);
        return buf[(int) (pos++ - bufStart)] & 0xFF;
    }

    long u32() throws IOException {
        need(4);
        long v = Bytes.u32le(buf, (int) (pos - bufStart));
        pos += 4;
        return v;
    }

    long u64() throws IOException {
        need(8);
        long v = Bytes.u64le(buf, (int) (pos - bufStart));
        pos += 8;
        return v;
    }

    /** Protobuf base-128 varint. */
    long varint() throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = u8();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new InvalidModelException(file, null, pos, -1, "varint longer than 10 bytes");
    }

    byte[] bytes(long n, int max, String what) throws IOException {
        if (n < 0 || n > max) {
            throw new InvalidModelException(file, null, pos, -1, what + " length " + n + " is absurd");
        }
        if (n > remaining()) {
            throw new InvalidModelException(file, null, pos, pos + n, what + " runs past the end: truncated");
        }
        byte[] out = new byte[(int) n];
        int done = 0;
        while (done < n) {
            int step = (int) Math.min(BUF, n - done);
            need(step);
            System.arraycopy(buf, (int) (pos - bufStart), out, done, step);
            pos += step;
            done += step;
        }
        return out;
    }

    String string(long n, int max, String what) throws IOException {
        return new String(bytes(n, max, what), StandardCharsets.UTF_8);
    }
}

package io.holdfast.promptlog;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads lines of bytes (split at {@code \n}, which is not part of the line) up to a maximum length. A longer line is
 * consumed to its end and flagged {@link #tooLong}, so one huge line costs no more memory than the limit.
 */
final class LineReader {
    private final InputStream in;
    private final int max;
    private final byte[] chunk = new byte[1 << 16];
    private int pos;
    private int lim;
    private byte[] buf = new byte[8192];
    private int len;
    private long number;
    private long lineBytes;
    private long bytesRead;
    private boolean newline;
    private boolean tooLong;

    LineReader(InputStream in, int max) {
        this.in = in;
        this.max = max;
    }

    /** Reads the next line; false at the end of the input. */
    boolean next() throws IOException {
        len = 0;
        lineBytes = 0;
        tooLong = false;
        newline = false;
        while (true) {
            if (pos == lim) {
                lim = in.read(chunk);
                pos = 0;
                if (lim <= 0) {
                    lim = 0;
                    break;
                }
            }
            int start = pos;
            int end = start;
            while (end < lim && chunk[end] != '\n') {
                end++;
            }
            int n = end - start;
            append(start, n);
            bytesRead += n;
            pos = end;
            if (end < lim) {
                pos++;
                bytesRead++;
                newline = true;
                break;
            }
        }
        if (!newline && lineBytes == 0) {
            return false;
        }
        number++;
        return true;
    }

    private void append(int start, int n) {
        lineBytes += n;
        if (tooLong) {
            return;
        }
        if (lineBytes > max) {
            tooLong = true;
            return;
        }
        if (len + n > buf.length) {
            buf = java.util.Arrays.copyOf(buf, (int) Math.min((long) max, Math.max(len + n, 2L * buf.length)));
        }
        System.arraycopy(chunk, start, buf, len, n);
        len += n;
    }

    byte[] buffer() {
        return buf;
    }

    /** Bytes of the line in {@link #buffer()}. */
    int length() {
        return tooLong ? (int) Math.min(lineBytes, Integer.MAX_VALUE) : len;
    }

    long number() {
        return number;
    }

    boolean newline() {
        return newline;
    }

    boolean tooLong() {
        return tooLong;
    }

    /** Bytes of the current line, without its newline, however long. */
    long lineBytes() {
        return lineBytes;
    }

    long bytesRead() {
        return bytesRead;
    }
}

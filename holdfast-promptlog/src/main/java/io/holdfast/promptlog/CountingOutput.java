package io.holdfast.promptlog;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Counts what passes through, from a given start. */
final class CountingOutput extends FilterOutputStream {
    private long count;

    CountingOutput(OutputStream out, long start) {
        super(out);
        this.count = start;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        count += len;
    }

    long count() {
        return count;
    }
}

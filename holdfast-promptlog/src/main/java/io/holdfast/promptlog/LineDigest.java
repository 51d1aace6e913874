package io.holdfast.promptlog;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Passes a log through and keeps the SHA-256 of what it read up to the last newline so far: the part of the log made
 * of whole lines, which an {@link EnvelopeCheckpoint} records. Costs one digest clone per read that holds a newline.
 */
final class LineDigest extends FilterInputStream {
    private final MessageDigest running;
    private MessageDigest committed;
    private long committedBytes;
    private long read;

    /**
     * @param start the digest of the {@code startBytes} bytes before {@code in} (whole lines), which it goes on with
     */
    LineDigest(InputStream in, MessageDigest start, long startBytes) {
        super(in);
        this.running = start;
        this.committed = copy(start);
        this.committedBytes = startBytes;
        this.read = startBytes;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n <= 0) {
            return n;
        }
        int last = off + n - 1;
        while (last >= off && b[last] != '\n') {
            last--;
        }
        if (last < off) {
            running.update(b, off, n);
        } else {
            int head = last - off + 1;
            running.update(b, off, head);
            committed = copy(running);
            committedBytes = read + head;
            running.update(b, last + 1, n - head);
        }
        read += n;
        return n;
    }

    @Override
    public long skip(long n) {
        throw new UnsupportedOperationException("a digested stream is read, not skipped");
    }

    /** Bytes up to and including the last newline read. */
    long committedBytes() {
        return committedBytes;
    }

    /** SHA-256 of those bytes. */
    byte[] committedDigest() {
        return copy(committed).digest();
    }

    private static MessageDigest copy(MessageDigest d) {
        try {
            return (MessageDigest) d.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 cannot be cloned", e);
        }
    }
}

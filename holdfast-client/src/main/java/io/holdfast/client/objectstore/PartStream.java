package io.holdfast.client.objectstore;

import io.holdfast.engine.SnapshotFileSource;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.http.ContentStreamProvider;

/**
 * Bytes {@code [from, to)} of a file in a snapshot as a stream for a request body, read blob by blob (each loaded and
 * verified when reached) and hashed with MD5 on the way, so the ETag the server answers with can be checked.
 */
final class PartStream extends InputStream {
    private final SnapshotFileSource src;
    private final long to;
    private final MessageDigest md5;
    private long pos;

    private PartStream(SnapshotFileSource src, long from, long to) {
        this.src = src;
        this.pos = from;
        this.to = to;
        try {
            this.md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no MD5 in this Java", e);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (pos >= to) {
            return -1;
        }
        int n = (int) Math.min(len, to - pos);
        if (n == 0) {
            return 0;
        }
        src.read(pos, b, off, n);
        md5.update(b, off, n);
        pos += n;
        return n;
    }

    /**
     * A request body that can be sent again (the SDK asks for a new stream when it retries): each stream starts at
     * {@code from}; {@link #md5} is that of the last stream, and {@link #failure} what reading the repository threw.
     */
    static final class Provider implements ContentStreamProvider {
        private final SnapshotFileSource src;
        private final long from;
        private final long to;
        private @Nullable PartStream last;
        private volatile @Nullable IOException failure;

        Provider(SnapshotFileSource src, long from, long to) {
            this.src = src;
            this.from = from;
            this.to = to;
        }

        @Override
        public synchronized InputStream newStream() {
            PartStream s = new PartStream(src, from, to);
            last = s;
            return new java.io.FilterInputStream(s) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    try {
                        return super.read(b, off, len);
                    } catch (IOException e) {
                        failure = e;
                        throw e;
                    }
                }
            };
        }

        /** The MD5 of everything the last stream gave, in hex. */
        synchronized String md5() {
            PartStream s = last;
            return s == null ? "" : HexFormat.of().formatHex(s.md5.digest());
        }

        /** What reading the snapshot's data threw, if it did: the cause of a failed request, not the network. */
        @Nullable
        IOException failure() {
            return failure;
        }
    }
}

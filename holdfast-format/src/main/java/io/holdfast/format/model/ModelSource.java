package io.holdfast.format.model;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Random-access bytes of one file, as a parser needs them: a file on disk, a byte array, or (in the engine) a file in
 * a snapshot read through its blobs. Parsers read only headers through it; implementations need not be thread-safe.
 */
public interface ModelSource {
    /** The name used in messages, e.g. the path. */
    String name();

    /** The file's size in bytes. */
    long size() throws IOException;

    /**
     * Reads exactly {@code len} bytes at {@code position} into {@code dst[off, off + len)}.
     *
     * @throws EOFException if the file ends first
     */
    void read(long position, byte[] dst, int off, int len) throws IOException;

    /** A source over a byte array. */
    static ModelSource of(String name, byte[] data) {
        return new ModelSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public long size() {
                return data.length;
            }

            @Override
            public void read(long position, byte[] dst, int off, int len) throws IOException {
                if (position < 0 || position + len > data.length) {
                    throw new EOFException(name + ": read past end at " + position);
                }
                System.arraycopy(data, (int) position, dst, off, len);
            }
        };
    }

    /** A source over an open channel, which the caller closes; positional reads leave its position alone. */
    static ModelSource of(String name, FileChannel channel) {
        return new ModelSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public long size() throws IOException {
                return channel.size();
            }

            @Override
            public void read(long position, byte[] dst, int off, int len) throws IOException {
                ByteBuffer bb = ByteBuffer.wrap(dst, off, len);
                long pos = position;
                while (bb.hasRemaining()) {
                    int n = channel.read(bb, pos);
                    if (n < 0) {
                        throw new EOFException(name + ": read past end at " + pos);
                    }
                    pos += n;
                }
            }
        };
    }

    /** Opens {@code path} for reading; close the channel when done. */
    static FileChannel open(Path path) throws IOException {
        return FileChannel.open(path, StandardOpenOption.READ);
    }
}

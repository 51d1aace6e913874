package io.holdfast.format.chunker;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A push-style content-defined chunker over one stream of bytes. The caller owns the buffers and feeds consecutive
 * ranges of the stream to {@link #findBoundary}; the chunker keeps its rolling state across calls, so the boundaries it
 * reports depend only on the stream's bytes, never on how the stream was split into buffers.
 *
 * <p>Typical loop, with {@code n} bytes just read into {@code buf}:
 *
 * <pre>{@code
 * int off = 0;
 * while (off < n) {
 *     int cut = chunker.findBoundary(buf, off, n - off);
 *     if (cut < 0) {
 *         // buf[off, n) belongs to the current chunk, which continues in the next buffer
 *         break;
 *     }
 *     // the current chunk ends with buf[off, off + cut)
 *     off += cut;
 * }
 * // at end of stream, a chunk of currentChunkLength() > 0 bytes is the last chunk
 * }</pre>
 *
 * <p>Not thread-safe; use one chunker per stream at a time, and {@link #reset()} it (or make a new one) for the next
 * stream, since restic chunks every file separately.
 */
public interface Chunker {
    /** The parameters this chunker was made from. */
    ChunkerSpec spec();

    /**
     * Feeds {@code buf[off, off + len)}, the next bytes of the stream, and looks for the end of the current chunk in it.
     *
     * @return {@code n} in {@code 1..len} if the current chunk ends after the first {@code n} bytes of the range; then
     *     only those {@code n} bytes were consumed, the chunker is at the start of a new chunk, and the caller feeds
     *     the rest {@code buf[off + n, off + len)} next. Otherwise -1: all {@code len} bytes were consumed and belong
     *     to the current chunk (always -1 for {@code len == 0}).
     * @throws IndexOutOfBoundsException if the range is not within {@code buf}
     */
    int findBoundary(byte[] buf, int off, int len);

    /** Bytes consumed since the start of the current chunk; at end of stream, the length of the last chunk. */
    int currentChunkLength();

    /** Forgets the current stream and positions the chunker at the start of a new one. */
    void reset();

    /**
     * Resets, reads {@code in} to its end, and returns the end offset of every chunk in order (each chunk starts where
     * the previous one ends; the last offset is the stream length, absent for an empty stream). Leaves the chunker
     * reset. For tests and tools; a backup pipeline calls {@link #findBoundary} on its own buffers.
     */
    default List<Long> boundaries(InputStream in) throws IOException {
        reset();
        byte[] buf = new byte[256 * 1024];
        List<Long> ends = new ArrayList<>();
        long pos = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
            int off = 0;
            while (off < n) {
                int cut = findBoundary(buf, off, n - off);
                if (cut < 0) {
                    pos += n - off;
                    break;
                }
                off += cut;
                pos += cut;
                ends.add(pos);
            }
        }
        if (currentChunkLength() > 0) {
            ends.add(pos);
        }
        reset();
        return ends;
    }
}

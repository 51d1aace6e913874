package io.holdfast.engine;

import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.format.chunker.Chunker;
import io.holdfast.format.chunker.ChunkerSpec;
import io.holdfast.repository.BlobSaver;
import io.holdfast.repository.Executors2;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Reads one stream, cuts it into content-defined chunks, and hands each chunk to the CPU pool to be hashed,
 * compressed, encrypted and packed, so that one large file keeps every core busy while the reading thread only reads
 * and chunks. A global semaphore bounds the chunks in flight, and with them memory.
 */
final class FileSaver {
    private static final int READ_SIZE = 1 << 20;

    private final BlobSaver saver;
    private final ChunkerSpec spec;
    private final ExecutorService cpu;
    private final Semaphore inflight;
    private final BackupStats stats;
    private final BackupProgress progress;
    private final java.util.concurrent.BlockingQueue<byte[]> buffers = new java.util.concurrent.LinkedBlockingQueue<>();
    /** Recycled chunk buffers of {@value #SMALL} bytes, for chunks from {@value #TINY} bytes up to that size. */
    private final java.util.concurrent.BlockingQueue<byte[]> smallChunks =
            new java.util.concurrent.LinkedBlockingQueue<>();
    /** Recycled chunk buffers of more than {@value #SMALL} bytes, up to the largest chunk. */
    private final java.util.concurrent.BlockingQueue<byte[]> chunks = new java.util.concurrent.LinkedBlockingQueue<>();

    FileSaver(
            BlobSaver saver,
            ChunkerSpec spec,
            ExecutorService cpu,
            Semaphore inflight,
            BackupStats stats,
            BackupProgress progress) {
        this.saver = saver;
        this.spec = spec;
        this.cpu = cpu;
        this.inflight = inflight;
        this.stats = stats;
        this.progress = progress;
    }

    /** Chunks submitted for saving, and the number of bytes read. */
    record Pending(List<Future<Id>> parts, long bytes) {
        /** Waits for every chunk and returns the content blob ids in order. */
        List<Id> await() throws IOException {
            List<Id> ids = new ArrayList<>(parts.size());
            try {
                for (Future<Id> f : parts) {
                    ids.add(Executors2.await(f));
                }
            } catch (IOException | RuntimeException e) {
                for (Future<Id> f : parts) {
                    f.cancel(false);
                }
                throw e;
            }
            return ids;
        }
    }

    /** Chunks and saves everything {@code in} yields; returns the content blob ids in order. */
    List<Id> save(InputStream in) throws IOException {
        return start(in).await();
    }

    /** Reads and chunks {@code in}, submitting each chunk to the CPU pool without waiting for them. */
    Pending start(InputStream in) throws IOException {
        return start(in, NO_CUTS, -1);
    }

    /**
     * Like {@link #start(InputStream)}, but also ends a chunk at each offset of {@code cuts} (ascending stream
     * offsets, e.g. tensor boundaries) and restarts the content-defined chunker there, so the chunks between two cuts
     * depend only on the bytes between them.
     *
     * @param sizeHint the stream's expected length (a file's size when it was listed), or -1: a stream expected to
     *     be shorter than {@value #TINY_FILE} bytes is read into an array of its own size, which dies young, instead
     *     of a recycled buffer of the largest chunk's size ({@value #READ_SIZE} bytes more), which is switched to if the
     *     stream turns out longer
     */
    Pending start(InputStream in, long[] cuts, long sizeHint) throws IOException {
        Chunker chunker = spec.newStreamChunker();
        Buffer buf = new Buffer(sizeHint);
        try {
            return chunk(in, chunker, buf, cuts);
        } finally {
            buf.recycle();
        }
    }

    /** The read buffer of one stream: small for a short stream, else a recycled one of the full size. */
    private final class Buffer {
        byte[] bytes;
        private boolean pooled;

        Buffer(long sizeHint) {
            if (sizeHint >= 0 && sizeHint < TINY_FILE) {
                bytes = new byte[(int) sizeHint + 1]; // one more: the end of the stream is seen without growing
            } else {
                bytes = full();
                pooled = true;
            }
        }

        private byte[] full() {
            byte[] b = buffers.poll();
            return b != null ? b : new byte[spec.maxSize() + READ_SIZE];
        }

        /** Switches to a full-size buffer holding the first {@code fill} bytes. */
        void grow(int fill) {
            byte[] b = full();
            System.arraycopy(bytes, 0, b, 0, fill);
            bytes = b;
            pooled = true;
        }

        void recycle() {
            if (pooled) {
                buffers.offer(bytes);
            }
        }
    }

    private static final long[] NO_CUTS = {};

    private Pending chunk(InputStream in, Chunker chunker, Buffer buffer, long[] cuts) throws IOException {
        byte[] buf = buffer.bytes;
        int fill = 0;
        int scan = 0;
        List<Future<Id>> parts = new ArrayList<>();
        long total = 0;
        long base = 0; // stream offset of buf[0]
        int nextCut = 0;
        long cutAt = cuts.length > 0 ? cuts[0] : Long.MAX_VALUE;
        try {
            while (true) {
                if (fill == buf.length) {
                    buffer.grow(fill); // longer than it was listed as
                    buf = buffer.bytes;
                }
                int n = in.read(buf, fill, Math.min(READ_SIZE, buf.length - fill));
                if (n < 0) {
                    break;
                }
                fill += n;
                total += n;
                while (scan < fill) {
                    int limit = cutAt - base < fill ? (int) (cutAt - base) : fill;
                    int cut = limit > scan ? chunker.findBoundary(buf, scan, limit - scan) : -1;
                    int end;
                    if (cut >= 0) {
                        end = scan + cut;
                    } else if (limit < fill || (limit == fill && cutAt - base == fill)) {
                        end = limit; // a forced cut at a tensor boundary
                        chunker.reset();
                        nextCut++;
                        cutAt = nextCut < cuts.length ? cuts[nextCut] : Long.MAX_VALUE;
                        if (end == 0) {
                            continue;
                        }
                    } else {
                        scan = fill;
                        break;
                    }
                    if (base + end == cutAt) {
                        chunker.reset();
                        nextCut++;
                        cutAt = nextCut < cuts.length ? cuts[nextCut] : Long.MAX_VALUE;
                    }
                    parts.add(submit(buf, end));
                    System.arraycopy(buf, end, buf, 0, fill - end);
                    fill -= end;
                    base += end;
                    scan = 0;
                }
            }
            if (fill > 0) {
                parts.add(submit(buf, fill));
            }
            return new Pending(parts, total);
        } catch (IOException | RuntimeException e) {
            for (Future<Id> f : parts) {
                f.cancel(false);
            }
            throw e;
        }
    }

    /**
     * Copies {@code buf[0, len)} into a recycled chunk buffer and submits it; blocks while the maximum number of chunks
     * is in flight. Chunk buffers are reused (at most one per permit of {@code inflight} is ever in use), so a backup
     * does not allocate a new array for each chunk: a lower allocation rate lets G1 keep a smaller heap.
     */
    private Future<Id> submit(byte[] buf, int len) throws IOException {
        try {
            inflight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
        byte[] chunk;
        try {
            chunk = takeChunkBuffer(len);
            System.arraycopy(buf, 0, chunk, 0, len);
        } catch (RuntimeException | Error e) {
            inflight.release();
            throw e;
        }
        try {
            return cpu.submit(() -> {
                try {
                    BlobSaver.Result r = saver.save(BlobType.DATA, chunk, 0, len, null);
                    if (r.stored()) {
                        stats.dataBlobs.increment();
                        stats.dataAdded.add(r.storedLength());
                        stats.dataAddedPlain.add(len);
                    }
                    stats.bytesProcessed.add(len);
                    progress.bytesDone(len);
                    return r.id();
                } finally {
                    recycle(chunk);
                    inflight.release();
                }
            });
        } catch (RuntimeException e) {
            recycle(chunk);
            inflight.release();
            throw e;
        }
    }

    /**
     * Chunk buffers by size: a chunk of less than {@value #TINY} bytes is copied into an array of its own size, which
     * dies young; up to {@value #SMALL} bytes into a recycled buffer of that size; a larger one into a recycled buffer
     * of up to the largest chunk. One pool for all had each buffer grow to the largest chunk seen (six of 8 MiB held
     * for a tree of small files with a few large ones); arrays of their own size for every chunk under 1 MiB were
     * 155 MB of garbage in a backup of the models (JFR's allocation samples).
     */
    static final int TINY = 64 << 10;

    static final int SMALL = 1 << 20;

    /** Files shorter than this are read into an array of their own size (see {@link #start(InputStream, long[], long)}). */
    static final int TINY_FILE = 1 << 20;

    private void recycle(byte[] chunk) {
        if (chunk.length > SMALL) {
            chunks.offer(chunk);
        } else if (chunk.length == SMALL) {
            smallChunks.offer(chunk);
        }
    }

    /** A recycled buffer of at least {@code len} bytes; new ones are rounded up to whole MiB. */
    private byte[] takeChunkBuffer(int len) {
        if (len < TINY) {
            return new byte[len];
        }
        if (len <= SMALL) {
            byte[] s = smallChunks.poll();
            return s != null ? s : new byte[SMALL];
        }
        byte[] b = chunks.poll();
        if (b != null && b.length >= len) {
            return b;
        }
        long mib = 1 << 20;
        long rounded = (len + mib - 1) / mib * mib;
        return new byte[(int) Math.max(len, Math.min(rounded, spec.maxSize()))];
    }
}

package io.holdfast.format;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reusable zstd contexts. zstd-jni's one-shot {@code Zstd.compressByteArray} creates and frees a native context per
 * call; here a context is reset and reused instead (profiles of a 140,000-file restore showed context creation;
 * wall time of that restore did not change measurably, the pool stays for the native churn it saves). At most {@link #KEEP} idle contexts of each kind are
 * kept; more are closed when returned. Contexts are taken and returned around one call, so virtual threads cannot
 * multiply them.
 */
final class ZstdContexts {
    static final int KEEP = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

    private static final ConcurrentLinkedQueue<ZstdCompressCtx> COMPRESS = new ConcurrentLinkedQueue<>();
    private static final ConcurrentLinkedQueue<ZstdDecompressCtx> DECOMPRESS = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger IDLE_COMPRESS = new AtomicInteger();
    private static final AtomicInteger IDLE_DECOMPRESS = new AtomicInteger();

    private ZstdContexts() {}

    /** Compresses into {@code dst}; returns the compressed length. Throws {@link ZstdException} on failure. */
    static int compress(byte[] dst, byte[] src, int off, int len, int level) {
        ZstdCompressCtx ctx = COMPRESS.poll();
        if (ctx == null) {
            ctx = new ZstdCompressCtx();
        } else {
            IDLE_COMPRESS.decrementAndGet();
        }
        try {
            ctx.setLevel(level);
            return ctx.compressByteArray(dst, 0, dst.length, src, off, len);
        } finally {
            ctx.reset();
            if (IDLE_COMPRESS.incrementAndGet() <= KEEP) {
                COMPRESS.offer(ctx);
            } else {
                IDLE_COMPRESS.decrementAndGet();
                ctx.close();
            }
        }
    }

    /** Decompresses one frame into {@code dst}; returns the plaintext length. Throws {@link ZstdException}. */
    static int decompress(byte[] dst, byte[] src, int off, int len) {
        return decompress(dst, dst.length, src, off, len);
    }

    /** Decompresses into {@code dst[0, dstLength)}. */
    static int decompress(byte[] dst, int dstLength, byte[] src, int off, int len) {
        ZstdDecompressCtx ctx = DECOMPRESS.poll();
        if (ctx == null) {
            ctx = new ZstdDecompressCtx();
        } else {
            IDLE_DECOMPRESS.decrementAndGet();
        }
        try {
            return ctx.decompressByteArray(dst, 0, dstLength, src, off, len);
        } finally {
            ctx.reset();
            if (IDLE_DECOMPRESS.incrementAndGet() <= KEEP) {
                DECOMPRESS.offer(ctx);
            } else {
                IDLE_DECOMPRESS.decrementAndGet();
                ctx.close();
            }
        }
    }
}

package io.holdfast.repository;

import io.holdfast.format.pack.PackWriter;
import io.holdfast.storage.BackendProperties;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import org.jspecify.annotations.Nullable;

/**
 * Where finished packs are uploaded: on local storage in the saving thread (which bounds memory and is as fast); on
 * remote storage (S3) on a pool of {@code min(4, connections)} threads with as many packs in flight at most, so the
 * saving threads go on chunking and compressing while a pack travels. The first failed upload is rethrown by the
 * next {@link #check} or {@link #await}.
 */
final class PackUploads {
    /** Uploads one pack and indexes it; on failure, releases its blobs from the index. */
    @FunctionalInterface
    interface Upload {
        void run(PackWriter.Finished pack) throws IOException;
    }

    /** Gives a pack that was never uploaded back (its blobs are released from the index). */
    @FunctionalInterface
    interface Abandon {
        void run(PackWriter.Finished pack);
    }

    private final Upload upload;
    private final Abandon abandon;
    private final @Nullable ExecutorService pool;
    private final Semaphore inFlight;
    private final ConcurrentLinkedQueue<Future<?>> pending = new ConcurrentLinkedQueue<>();
    private volatile @Nullable Throwable failure;

    PackUploads(BackendProperties storage, Upload upload, Abandon abandon) {
        this.upload = upload;
        this.abandon = abandon;
        int threads = storage.local() ? 0 : Math.max(1, Math.min(4, storage.connections()));
        this.pool = threads == 0 ? null : Executors2.fixed("holdfast-upload", threads);
        this.inFlight = new Semaphore(Math.max(1, threads));
    }

    /** Uploads {@code pack}, now or in the background. */
    void submit(PackWriter.Finished pack) throws IOException {
        ExecutorService p = pool;
        if (p == null) {
            upload.run(pack);
            return;
        }
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon.run(pack);
            throw new InterruptedIOException("interrupted while waiting to upload a pack");
        }
        try {
            pending.add(p.submit(() -> {
                try {
                    upload.run(pack);
                } catch (Throwable t) {
                    if (failure == null) {
                        failure = t;
                    }
                } finally {
                    inFlight.release();
                }
            }));
        } catch (RejectedExecutionException e) {
            inFlight.release();
            abandon.run(pack);
            throw new IOException("the repository is closed", e);
        }
    }

    /** Whether a background upload has failed. */
    boolean failed() {
        return failure != null;
    }

    /** Records a failure that must fail every later save, as a failed upload does. */
    void fail(Throwable t) {
        if (failure == null) {
            failure = t;
        }
    }

    /** Rethrows the failure of a background upload, if any. */
    void check() throws IOException {
        Throwable t = failure;
        if (t == null) {
            return;
        }
        if (t instanceof IOException io) {
            throw io;
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IOException(t);
    }

    /** Waits for every upload submitted so far; rethrows the first failure. */
    void await() throws IOException {
        Future<?> f;
        while ((f = pending.poll()) != null) {
            Executors2.await(f);
        }
        check();
    }

    /** Stops the pool; uploads not yet done are abandoned (call {@link #await} first to finish them). */
    void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}

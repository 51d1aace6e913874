package io.holdfast.promptlog;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * Frames in log order. Sealing runs on {@code threads} single-thread executors, each subject key always on the
 * same one (its history is updated in order there); finished frames are written from the head of the queue.
 */
final class SealedFrames implements AutoCloseable {
    /** Frames sealed ahead of the one being written, at most. */
    private static final int WINDOW = 4096;

    private final int threads;
    private final SubjectHistories histories;
    private final OutputStream out;
    private final RecordSealer[] sealers;
    private final ExecutorService @Nullable [] executors;
    private final ArrayDeque<CompletableFuture<byte[]>> pending = new ArrayDeque<>();

    SealedFrames(OutputStream out, int threads, int level, SubjectHistories histories) {
        this.out = out;
        this.threads = threads;
        this.histories = histories;
        this.sealers = new RecordSealer[threads];
        for (int i = 0; i < threads; i++) {
            sealers[i] = new RecordSealer(level);
        }
        if (threads == 1) {
            executors = null;
        } else {
            executors = new ExecutorService[threads];
            for (int i = 0; i < threads; i++) {
                executors[i] = Executors.newSingleThreadExecutor(Thread.ofPlatform()
                        .name("holdfast-envelope-" + i)
                        .daemon()
                        .factory());
            }
        }
    }

    void seal(byte[] line, boolean newline, RecordSplitter.Split split, SubjectKey key) throws IOException {
        SubjectHistories.History history = histories.touch(key.idHex());
        ExecutorService[] ex = executors;
        if (ex == null) {
            out.write(sealers[0].frame(line, line.length, newline, split, key, history));
            return;
        }
        int i = Math.floorMod(key.idHex().hashCode(), threads);
        RecordSealer sealer = sealers[i];
        pending.add(CompletableFuture.supplyAsync(
                () -> sealer.frame(line, line.length, newline, split, key, history), ex[i]));
        drain(false);
    }

    void add(byte[] frame) throws IOException {
        if (pending.isEmpty()) {
            out.write(frame);
        } else {
            pending.add(CompletableFuture.completedFuture(frame));
        }
    }

    /** Writes the finished frames at the head of the queue; all of them, waiting, if {@code all}. */
    void drain(boolean all) throws IOException {
        CompletableFuture<byte[]> head;
        while ((head = pending.peek()) != null && (all || head.isDone() || pending.size() > WINDOW)) {
            try {
                out.write(head.join());
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw e;
            }
            pending.poll();
        }
    }

    @Override
    public void close() {
        ExecutorService[] ex = executors;
        if (ex != null) {
            for (ExecutorService e : ex) {
                e.shutdownNow();
            }
        }
    }
}

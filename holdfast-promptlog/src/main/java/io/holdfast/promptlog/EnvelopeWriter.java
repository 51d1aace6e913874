package io.holdfast.promptlog;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Turns a JSONL log into an envelope file (docs/design.md §17): a header, then one frame per line, in order. A
 * record's personal bytes are compressed (zstd, against a fixed dictionary and the same subject's earlier records) and
 * then encrypted with its subject's key (deterministically, and depending only on what precedes it, so the envelope of
 * an unchanged prefix of the log is the same on every backup and a growing log deduplicates). Records are sealed on
 * several threads, each subject always on the same one, and written in log order. Bad lines are skipped and reported,
 * or fail the whole run, as the options say. Not thread-safe.
 */
public final class EnvelopeWriter {
    /** Frames sealed ahead of the one being written, at most. */
    private static final int WINDOW = 4096;

    private final PromptLogOptions opts;
    private final SubjectKeyStore keys;
    private final String source;
    private final RecordSplitter splitter;
    private final int historyBytes;
    private final int historySubjects;
    private final int threads;
    private final SubjectHistories histories;
    private final Map<String, String> hashes = new HashMap<>();

    /**
     * @param source the log's name, for messages
     */
    public EnvelopeWriter(PromptLogOptions opts, SubjectKeyStore keys, String source) {
        this(
                opts,
                keys,
                source,
                EnvelopeFormat.HISTORY_BYTES,
                EnvelopeFormat.HISTORY_SUBJECTS,
                Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * With another history size (0 bytes writes envelope version 1, for tests of old envelopes and of dropped
     * histories) and number of sealing threads (1 seals on the calling thread).
     */
    EnvelopeWriter(
            PromptLogOptions opts,
            SubjectKeyStore keys,
            String source,
            int historyBytes,
            int historySubjects,
            int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.historyBytes = historyBytes;
        this.historySubjects = historySubjects;
        this.threads = threads;
        this.histories = new SubjectHistories(historyBytes, historySubjects);
        this.opts = opts;
        this.keys = keys;
        this.source = source;
        this.splitter = new RecordSplitter(opts);
    }

    /** Reads {@code jsonl} to its end and writes the envelope; flushes the key store before returning. */
    public EncodeResult write(InputStream jsonl, OutputStream envelope) throws IOException {
        CountingOutput out = new CountingOutput(new BufferedOutputStream(envelope, 1 << 16));
        out.write(EnvelopeFormat.MAGIC);
        byte[] header = EnvelopeFormat.header(opts, historyBytes, historySubjects);
        ByteArrayOutputStream hb = new ByteArrayOutputStream();
        Varints.write(hb, header.length);
        hb.writeBytes(header);
        out.write(hb.toByteArray());
        Frames frames = new Frames(out);
        try {
            EncodeResult r = encode(new LineReader(jsonl, opts.maxRecordBytes()), frames, out);
            out.flush();
            keys.flush();
            return r;
        } finally {
            frames.close();
        }
    }

    private EncodeResult encode(LineReader lines, Frames frames, CountingOutput out) throws IOException {
        List<BadRecord> bad = new ArrayList<>();
        long badCount = 0;
        long records = 0;
        long erasedSkipped = 0;
        Map<String, SubjectStats> subjects = new HashMap<>();
        while (lines.next()) {
            BadRecord problem = null;
            if (lines.tooLong()) {
                problem = new BadRecord(
                        lines.number(), lines.length(), "longer than " + opts.maxRecordBytes() + " bytes");
            } else if (isBlank(lines.buffer(), lines.length())) {
                frames.add(clearFrame(lines));
                continue;
            } else {
                try {
                    RecordSplitter.Split split = splitter.split(lines.buffer(), lines.length());
                    String hash = hashes.computeIfAbsent(split.subject(), keys::subjectHash);
                    if (keys.erased(hash)) {
                        erasedSkipped++;
                        continue;
                    }
                    SubjectKey key = keys.keyFor(hash);
                    frames.seal(Arrays.copyOf(lines.buffer(), lines.length()), lines.newline(), split, key);
                    subjects.merge(
                            hash,
                            new SubjectStats(1, split.timestamp(), split.timestamp()),
                            (a, b) -> a.add(split.timestamp()));
                    records++;
                } catch (RecordSplitter.BadLine e) {
                    problem = new BadRecord(lines.number(), lines.length(), String.valueOf(e.getMessage()));
                }
            }
            if (problem != null) {
                if (opts.onBadRecord() == BadRecordPolicy.FAIL) {
                    throw new BadRecordException(source, problem);
                }
                badCount++;
                if (bad.size() < EncodeResult.MAX_LISTED) {
                    bad.add(problem);
                }
            }
        }
        frames.drain(true);
        return new EncodeResult(
                lines.number(), records, lines.bytesRead(), out.count(), bad, badCount, erasedSkipped, subjects);
    }

    /**
     * Frames in log order. Sealing runs on {@code threads} single-thread executors, each subject key always on the
     * same one (its history is updated in order there); finished frames are written from the head of the queue.
     */
    private final class Frames implements AutoCloseable {
        private final OutputStream out;
        private final RecordSealer[] sealers = new RecordSealer[threads];
        private final ExecutorService @org.jspecify.annotations.Nullable [] executors;
        private final ArrayDeque<CompletableFuture<byte[]>> pending = new ArrayDeque<>();

        Frames(OutputStream out) {
            this.out = out;
            for (int i = 0; i < threads; i++) {
                sealers[i] = new RecordSealer(opts.compressionLevel());
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

    private static byte[] clearFrame(LineReader line) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(EnvelopeFormat.FRAME_CLEAR);
        Varints.write(frame, 1L + line.length());
        frame.write(line.newline() ? EnvelopeFormat.FLAG_NEWLINE : 0);
        frame.write(line.buffer(), 0, line.length());
        return frame.toByteArray();
    }

    private static boolean isBlank(byte[] b, int len) {
        for (int i = 0; i < len; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Counts what passes through. */
    private static final class CountingOutput extends java.io.FilterOutputStream {
        private long count;

        CountingOutput(OutputStream out) {
            super(out);
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
}

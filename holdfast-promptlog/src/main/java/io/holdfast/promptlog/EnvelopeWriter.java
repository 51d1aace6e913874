package io.holdfast.promptlog;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns a JSONL log into an envelope file (docs/design.md §17): a header, then one frame per line, in order. A
 * record's personal bytes are compressed (zstd, against a fixed dictionary and the same subject's earlier records) and
 * then encrypted with its subject's key (deterministically, and depending only on what precedes it, so the envelope of
 * an unchanged prefix of the log is the same on every backup and a growing log deduplicates). Records are sealed on
 * several threads, each subject always on the same one, and written in log order. Bad lines are skipped and reported,
 * or fail the whole run, as the options say. Not thread-safe.
 */
public final class EnvelopeWriter {
    private final PromptLogOptions opts;
    private final SubjectKeyStore keys;
    private final String source;
    private final RecordSplitter splitter;
    private final int historyBytes;
    private final int historySubjects;
    private final int threads;
    private final SubjectHistories histories;
    private final Map<String, String> hashes = new HashMap<>();
    /** Subject hash to the id (hex) of the key its records were sealed with. */
    private final Map<String, String> keyIds = new HashMap<>();

    private @Nullable EnvelopeCheckpoint checkpoint;

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
        this.histories = new SubjectHistories(EnvelopeFormat.dictionary(), historyBytes, historySubjects);
        this.opts = opts;
        this.keys = keys;
        this.source = source;
        this.splitter = new RecordSplitter(opts);
    }

    /**
     * Reads {@code jsonl} to its end and writes the envelope; flushes the key store before returning. Afterwards
     * {@link #checkpoint()} holds the state after the log's last whole line.
     */
    public EncodeResult write(InputStream jsonl, OutputStream envelope) throws IOException {
        CountingOutput out = new CountingOutput(new BufferedOutputStream(envelope, 1 << 16), 0);
        out.write(EnvelopeFormat.MAGIC);
        byte[] header = EnvelopeFormat.header(opts, historyBytes, historySubjects);
        ByteArrayOutputStream hb = new ByteArrayOutputStream();
        Varints.write(hb, header.length);
        hb.writeBytes(header);
        out.write(hb.toByteArray());
        return run(new LineDigest(jsonl, LineDigest.sha256(), 0), out, new Counts(), Map.of());
    }

    /**
     * Continues the envelope of a log from {@code from}: {@code rest} is the log after {@code from.logBytes()} bytes,
     * whose SHA-256 so far {@code prefix} holds (the caller checked it against the checkpoint's), and only the frames
     * after {@code from.envelopeBytes()} are written. The result counts the whole log and envelope, listing only the
     * bad lines met now; {@link #checkpoint()} is updated as by {@link #write}.
     */
    public EncodeResult resume(EnvelopeCheckpoint from, MessageDigest prefix, InputStream rest, OutputStream envelope)
            throws IOException {
        if (!from.options.equals(fingerprint(opts, historyBytes, historySubjects))) {
            throw new IllegalArgumentException("the checkpoint was made with other prompt-log options");
        }
        histories.restore(from.histories);
        keyIds.putAll(from.subjectKeys);
        Counts base = new Counts();
        base.lines = from.lines;
        base.records = from.records;
        base.badCount = from.badCount;
        base.erasedSkipped = from.erasedSkipped;
        CountingOutput out = new CountingOutput(new BufferedOutputStream(envelope, 1 << 16), from.envelopeBytes);
        return run(new LineDigest(rest, prefix, from.logBytes), out, base, from.subjects);
    }

    /** The state after the last whole line of the log just written, or null if none was taken (a failed run). */
    public @Nullable EnvelopeCheckpoint checkpoint() {
        return checkpoint;
    }

    /** What a checkpoint must match to be continued with {@code opts}: the header and the options it leaves out. */
    static String fingerprint(PromptLogOptions opts) {
        return fingerprint(opts, EnvelopeFormat.HISTORY_BYTES, EnvelopeFormat.HISTORY_SUBJECTS);
    }

    private static String fingerprint(PromptLogOptions opts, int historyBytes, int historySubjects) {
        return new String(EnvelopeFormat.header(opts, historyBytes, historySubjects), StandardCharsets.UTF_8)
                + " max=" + opts.maxRecordBytes() + " level=" + opts.compressionLevel() + " bad="
                + opts.onBadRecord();
    }

    private EncodeResult run(LineDigest log, CountingOutput out, Counts base, Map<String, SubjectStats> subjects)
            throws IOException {
        checkpoint = null;
        SealedFrames frames = new SealedFrames(out, threads, opts.compressionLevel(), histories);
        try {
            EncodeResult r = encode(new LineReader(log, opts.maxRecordBytes()), log, frames, out, base, subjects);
            out.flush();
            keys.flush();
            return r;
        } catch (java.io.UncheckedIOException e) { // a restored history that does not open (SavedHistory)
            throw e.getCause();
        } finally {
            frames.close();
        }
    }

    /** Running totals of a log, from its start. */
    private static final class Counts {
        long lines;
        long records;
        long badCount;
        long erasedSkipped;
    }

    private EncodeResult encode(
            LineReader lines,
            LineDigest log,
            SealedFrames frames,
            CountingOutput out,
            Counts c,
            Map<String, SubjectStats> before)
            throws IOException {
        List<BadRecord> bad = new ArrayList<>();
        long baseLines = c.lines;
        long baseBytes = log.committedBytes();
        Map<String, SubjectStats> subjects = new HashMap<>(before);
        boolean taken = false;
        while (lines.next()) {
            if (!lines.newline()) { // the last line, unfinished: the checkpoint goes before it
                take(lines, log, frames, out, c, baseLines, baseBytes, subjects);
                taken = true;
            }
            BadRecord problem = null;
            long number = baseLines + lines.number();
            if (lines.tooLong()) {
                problem = new BadRecord(number, lines.length(), "longer than " + opts.maxRecordBytes() + " bytes");
            } else if (isBlank(lines.buffer(), lines.length())) {
                frames.add(clearFrame(lines));
                continue;
            } else {
                try {
                    RecordSplitter.Split split = splitter.split(lines.buffer(), lines.length());
                    String hash = hashes.computeIfAbsent(split.subject(), keys::subjectHash);
                    if (keys.erased(hash)) {
                        c.erasedSkipped++;
                        continue;
                    }
                    SubjectKey key = keys.keyFor(hash);
                    keyIds.putIfAbsent(hash, key.idHex());
                    frames.seal(Arrays.copyOf(lines.buffer(), lines.length()), lines.newline(), split, key);
                    subjects.merge(
                            hash,
                            new SubjectStats(1, split.timestamp(), split.timestamp()),
                            (a, b) -> a.add(split.timestamp()));
                    c.records++;
                } catch (RecordSplitter.BadLine e) {
                    problem = new BadRecord(number, lines.length(), String.valueOf(e.getMessage()));
                }
            }
            if (problem != null) {
                if (opts.onBadRecord() == BadRecordPolicy.FAIL) {
                    throw new BadRecordException(source, problem);
                }
                c.badCount++;
                if (bad.size() < EncodeResult.MAX_LISTED) {
                    bad.add(problem);
                }
            }
        }
        if (!taken) {
            take(lines, log, frames, out, c, baseLines, baseBytes, subjects);
        }
        frames.drain(true);
        return new EncodeResult(
                baseLines + lines.number(),
                c.records,
                baseBytes + lines.bytesRead(),
                out.count(),
                bad,
                c.badCount,
                c.erasedSkipped,
                subjects);
    }

    /**
     * Takes the checkpoint before the current line if it is the unfinished last one, else at the end: waits for every
     * frame so far, so the histories are final.
     */
    private void take(
            LineReader lines,
            LineDigest log,
            SealedFrames frames,
            CountingOutput out,
            Counts c,
            long baseLines,
            long baseBytes,
            Map<String, SubjectStats> subjects)
            throws IOException {
        frames.drain(true);
        boolean unfinished = !lines.newline() && lines.lineBytes() > 0;
        long wholeBytes = baseBytes + lines.bytesRead() - (unfinished ? lines.lineBytes() : 0);
        if (wholeBytes != log.committedBytes()) {
            return; // cannot happen: the digest and the reader disagree on where the last line ends
        }
        long lineCount = baseLines + lines.number() - (unfinished ? 1 : 0);
        Map<String, String> used = new HashMap<>();
        for (String h : subjects.keySet()) {
            String id = keyIds.get(h);
            if (id != null) {
                used.put(h, id);
            }
        }
        checkpoint = new EnvelopeCheckpoint(
                fingerprint(opts, historyBytes, historySubjects),
                "",
                List.of(),
                wholeBytes,
                log.committedDigest(),
                out.count(),
                new long[] {lineCount, c.records, c.badCount, c.erasedSkipped},
                subjects,
                used,
                histories.export());
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
}

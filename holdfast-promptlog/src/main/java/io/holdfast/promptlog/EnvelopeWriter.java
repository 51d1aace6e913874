package io.holdfast.promptlog;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDictCompress;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a JSONL log into an envelope file (docs/design.md §17): a header, then one frame per line, in order. A
 * record's personal bytes are compressed (zstd with a fixed dictionary) and then encrypted with its subject's key
 * (deterministically, so an unchanged record gives the same frame on every backup and a growing log deduplicates).
 * Bad lines are skipped and reported, or fail the whole run, as the options say. Not thread-safe.
 */
public final class EnvelopeWriter {
    private final PromptLogOptions opts;
    private final SubjectKeyStore keys;
    private final String source;
    private final RecordSplitter splitter;
    private final ZstdCompressCtx zstd;
    private final Map<String, String> hashes = new HashMap<>();
    private final Map<String, SubjectCipher> ciphers = new HashMap<>();

    /**
     * @param source the log's name, for messages
     */
    public EnvelopeWriter(PromptLogOptions opts, SubjectKeyStore keys, String source) {
        this.opts = opts;
        this.keys = keys;
        this.source = source;
        this.splitter = new RecordSplitter(opts);
        this.zstd = new ZstdCompressCtx();
        zstd.setLevel(opts.compressionLevel());
        zstd.loadDict(new ZstdDictCompress(EnvelopeFormat.dictionary(), opts.compressionLevel()));
        zstd.setDictID(false);
    }

    /** Reads {@code jsonl} to its end and writes the envelope; flushes the key store before returning. */
    public EncodeResult write(InputStream jsonl, OutputStream envelope) throws IOException {
        InputStream in = jsonl;
        CountingOutput out = new CountingOutput(new BufferedOutputStream(envelope, 1 << 16));
        out.write(EnvelopeFormat.MAGIC);
        byte[] header = EnvelopeFormat.header(opts);
        ByteArrayOutputStream hb = new ByteArrayOutputStream();
        Varints.write(hb, header.length);
        hb.write(header);
        hb.writeTo(out);
        LineReader lines = new LineReader(in, opts.maxRecordBytes());
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
                writeClear(out, lines);
                continue;
            } else {
                try {
                    RecordSplitter.Split split = splitter.split(lines.buffer(), lines.length());
                    String hash = hashes.computeIfAbsent(split.subject(), keys::subjectHash);
                    if (keys.erased(hash)) {
                        erasedSkipped++;
                        continue;
                    }
                    writeSealed(out, lines, split, keys.keyFor(hash));
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
        out.flush();
        keys.flush();
        return new EncodeResult(
                lines.number(), records, lines.bytesRead(), out.count(), bad, badCount, erasedSkipped, subjects);
    }

    private void writeSealed(OutputStream out, LineReader line, RecordSplitter.Split split, SubjectKey key)
            throws IOException {
        byte[] buf = line.buffer();
        int len = line.length();
        ByteArrayOutputStream template = new ByteArrayOutputStream();
        ByteArrayOutputStream pieces = new ByteArrayOutputStream(len + 8);
        Varints.write(pieces, split.spans().size());
        int prev = 0;
        for (int[] s : split.spans()) {
            template.write(buf, prev, s[0] - prev);
            Varints.write(pieces, s[1] - s[0]);
            prev = s[1];
        }
        template.write(buf, prev, len - prev);
        for (int[] s : split.spans()) {
            pieces.write(buf, s[0], s[1] - s[0]);
        }
        byte[] plain = pieces.toByteArray();
        byte[] packed = zstd.compress(plain);
        boolean compressed = packed.length < plain.length;
        ByteArrayOutputStream body = new ByteArrayOutputStream(len / 2 + 64);
        body.write(
                (line.newline() ? EnvelopeFormat.FLAG_NEWLINE : 0) | (compressed ? EnvelopeFormat.FLAG_COMPRESSED : 0));
        body.write(key.id());
        Varints.write(body, template.size());
        template.writeTo(body);
        Varints.write(body, split.spans().size());
        int removed = 0;
        int last = 0;
        for (int[] s : split.spans()) {
            int at = s[0] - removed;
            Varints.write(body, at - last);
            last = at;
            removed += s[1] - s[0];
        }
        byte[] aad = body.toByteArray();
        byte[] ct = ciphers.computeIfAbsent(key.idHex(), id -> new SubjectCipher(key))
                .seal(aad, compressed ? packed : plain);
        ByteArrayOutputStream frame = new ByteArrayOutputStream(aad.length + ct.length + 8);
        frame.write(EnvelopeFormat.FRAME_SEALED);
        Varints.write(frame, (long) aad.length + ct.length);
        frame.write(aad);
        frame.write(ct);
        frame.writeTo(out);
    }

    private static void writeClear(OutputStream out, LineReader line) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(EnvelopeFormat.FRAME_CLEAR);
        Varints.write(frame, 1L + line.length());
        frame.write(line.newline() ? EnvelopeFormat.FLAG_NEWLINE : 0);
        frame.write(line.buffer(), 0, line.length());
        frame.writeTo(out);
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

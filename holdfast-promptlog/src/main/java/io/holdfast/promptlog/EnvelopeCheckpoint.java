package io.holdfast.promptlog;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * Where the envelope of a log can be continued from (docs/design.md §17.3): the writer's whole state after the last
 * complete line of a backup's log. A later backup of the same log, grown only by appending, starts the writer here and
 * envelopes just the new lines; because the envelope is a pure function of the log and the keys, what it writes is
 * byte for byte what a run over the whole log would write after this point.
 *
 * <p>It holds the log's length and SHA-256 up to that line, the envelope's length there, the counters and subject
 * statistics so far, the subject key each subject used, and each subject's compression history. The histories are
 * personal data: each is sealed with its subject's key, so erasing a subject shreds its history here too. The
 * {@code source} and {@code content} fields belong to the caller (which log, in which repository, and the blobs of the
 * envelope file), and are carried opaquely. Stored encrypted by {@link LocalKeyStore#saveCheckpoint}.
 */
public final class EnvelopeCheckpoint {
    private static final byte[] MAGIC = "HFPLCK03".getBytes(StandardCharsets.US_ASCII);
    /** The format before the histories' checksum (Holdfast before December 2026): read as no checkpoint. */
    private static final byte[] MAGIC_02 = "HFPLCK02".getBytes(StandardCharsets.US_ASCII);

    final String options;
    final String source;
    final List<String> content;
    final long logBytes;
    final byte[] logSha256;
    final long envelopeBytes;
    final long lines;
    final long records;
    final long badCount;
    final long erasedSkipped;
    final Map<String, SubjectStats> subjects;
    final Map<String, String> subjectKeys;
    /** Key id (hex) to history, least recently touched first. */
    final LinkedHashMap<String, SavedHistory> histories;

    EnvelopeCheckpoint(
            String options,
            String source,
            List<String> content,
            long logBytes,
            byte[] logSha256,
            long envelopeBytes,
            long[] counts,
            Map<String, SubjectStats> subjects,
            Map<String, String> subjectKeys,
            LinkedHashMap<String, SavedHistory> histories) {
        this.options = options;
        this.source = source;
        this.content = List.copyOf(content);
        this.logBytes = logBytes;
        this.logSha256 = logSha256.clone();
        this.envelopeBytes = envelopeBytes;
        this.lines = counts[0];
        this.records = counts[1];
        this.badCount = counts[2];
        this.erasedSkipped = counts[3];
        this.subjects = Map.copyOf(subjects);
        this.subjectKeys = Map.copyOf(subjectKeys);
        this.histories = histories;
    }

    /** The same state, naming the log it belongs to and the blobs of the envelope file that holds it. */
    public EnvelopeCheckpoint withSource(String source, List<String> content) {
        return new EnvelopeCheckpoint(
                options,
                source,
                content,
                logBytes,
                logSha256,
                envelopeBytes,
                new long[] {lines, records, badCount, erasedSkipped},
                subjects,
                subjectKeys,
                histories);
    }

    /** Which log this is, as the caller named it. */
    public String source() {
        return source;
    }

    /** The envelope file's blobs, as the caller recorded them (they hold at least {@link #envelopeBytes()}). */
    public List<String> content() {
        return content;
    }

    /** Bytes of the log before the checkpoint: whole lines. */
    public long logBytes() {
        return logBytes;
    }

    /** SHA-256 of those bytes. */
    public byte[] logSha256() {
        return logSha256.clone();
    }

    /** Bytes of envelope that those lines make (header included). */
    public long envelopeBytes() {
        return envelopeBytes;
    }

    /**
     * Why the log can no longer be continued from here with these keys and options, or null if it can: a subject of
     * the log was erased since, or now has another key, or the options differ.
     */
    public @Nullable String stale(SubjectKeyStore keys, PromptLogOptions opts) {
        if (!options.equals(EnvelopeWriter.fingerprint(opts))) {
            return "the prompt-log options changed";
        }
        for (Map.Entry<String, String> e : subjectKeys.entrySet()) {
            if (keys.erased(e.getKey())) {
                return "a subject of the log was erased since";
            }
            if (!keys.keyFor(e.getKey()).idHex().equals(e.getValue())) {
                return "a subject of the log has another key now";
            }
        }
        return null;
    }

    /** Encrypts and decrypts a checkpoint's small part (all but the histories) under the key store's password. */
    interface Outer {
        byte[] seal(byte[] plain) throws IOException;

        byte[] open(byte[] sealed) throws IOException;
    }

    /**
     * Writes the checkpoint: the magic, then everything but the histories sealed by {@code outer} (with each history's
     * key id, length and GCM tag, in order, and the CRC-32C of all the sealed histories), then the histories, each
     * compressed (zstd 1: a quarter of the bytes to encrypt, and the JDK's GCM runs uncompiled for most of a short
     * command) and sealed with its subject's key (AES-256-GCM, a random nonce). A history read sealed and never opened
     * is written back as the same bytes. The histories stay out of the outer encryption so no call encrypts tens of MB.
     */
    void writeTo(OutputStream file, SubjectKeyStore keys, Outer outer) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(buf);
        str(out, options);
        str(out, source);
        out.writeInt(content.size());
        for (String c : content) {
            str(out, c);
        }
        out.writeLong(logBytes);
        bytes(out, logSha256);
        for (long v : new long[] {envelopeBytes, lines, records, badCount, erasedSkipped}) {
            out.writeLong(v);
        }
        out.writeInt(subjects.size());
        for (Map.Entry<String, SubjectStats> e : subjects.entrySet()) {
            SubjectStats s = e.getValue();
            str(out, e.getKey());
            str(out, subjectKeys.getOrDefault(e.getKey(), ""));
            out.writeLong(s.records());
            str(out, s.first() == null ? "\0" : s.first());
            str(out, s.last() == null ? "\0" : s.last());
        }
        out.writeInt(histories.size());
        List<String> ids = new ArrayList<>(histories.keySet());
        List<SavedHistory> saved = new ArrayList<>(histories.values());
        SubjectKey[] keyOf = new SubjectKey[ids.size()];
        for (int i = 0; i < keyOf.length; i++) {
            SubjectKey key = keys.keyById(HexFormat.of().parseHex(ids.get(i)));
            if (key == null) {
                throw new IOException("the key of a subject in the envelope is gone");
            }
            keyOf[i] = key;
        }
        // like reading, on every core: thousands of independent zstd and GCM calls
        byte[][] sealed = new byte[keyOf.length][];
        java.util.stream.IntStream.range(0, keyOf.length)
                .parallel()
                .forEach(i -> sealed[i] = saved.get(i).seal(keyOf[i]));
        CRC32C crc = new CRC32C();
        for (int i = 0; i < keyOf.length; i++) {
            byte[] h = sealed[i];
            crc.update(h);
            str(out, ids.get(i));
            out.writeInt(h.length);
            out.write(h, h.length - SubjectCipher.TAG, SubjectCipher.TAG);
        }
        out.writeLong(crc.getValue());
        out.flush();
        byte[] meta = outer.seal(buf.toByteArray());
        DataOutputStream f = new DataOutputStream(file);
        f.write(MAGIC);
        f.writeInt(meta.length);
        f.write(meta);
        for (byte[] h : sealed) {
            f.write(h);
        }
        f.flush();
    }

    /** Reads {@link #writeTo}'s output; fails if a history's key is gone or anything is damaged. */
    static EnvelopeCheckpoint readFrom(byte[] file, SubjectKeyStore keys, Outer outer) throws IOException {
        if (file.length >= MAGIC_02.length && Arrays.equals(file, 0, MAGIC_02.length, MAGIC_02, 0, MAGIC_02.length)) {
            throw new IOException("a checkpoint of an earlier Holdfast");
        }
        if (file.length < MAGIC.length + 4 || !Arrays.equals(file, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IOException("not an envelope checkpoint");
        }
        int metaLen = ByteBuffer.wrap(file, MAGIC.length, 4).getInt();
        int at = MAGIC.length + 4;
        if (metaLen < 0 || metaLen > file.length - at) {
            throw new IOException("damaged envelope checkpoint");
        }
        byte[] meta = outer.open(Arrays.copyOfRange(file, at, at + metaLen));
        at += metaLen;
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(meta));
        String options = str(in);
        String source = str(in);
        int n = count(in, meta.length);
        List<String> content = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            content.add(str(in));
        }
        long logBytes = in.readLong();
        byte[] sha = bytes(in);
        long[] v = new long[5];
        for (int i = 0; i < v.length; i++) {
            v[i] = in.readLong();
        }
        n = count(in, meta.length);
        Map<String, SubjectStats> subjects = new HashMap<>(n * 2);
        Map<String, String> subjectKeys = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            String h = str(in);
            subjectKeys.put(h, str(in));
            long records = in.readLong();
            String first = str(in);
            String last = str(in);
            subjects.put(
                    h, new SubjectStats(records, first.equals("\0") ? null : first, last.equals("\0") ? null : last));
        }
        n = count(in, meta.length);
        String[] ids = new String[n];
        SubjectKey[] keyOf = new SubjectKey[n];
        int[] offsets = new int[n + 1];
        offsets[0] = at;
        for (int i = 0; i < n; i++) {
            ids[i] = str(in);
            int len = in.readInt();
            byte[] tag = in.readNBytes(SubjectCipher.TAG);
            if (len < SubjectCipher.TAG
                    || len > file.length - at
                    || !Arrays.equals(file, at + len - SubjectCipher.TAG, at + len, tag, 0, SubjectCipher.TAG)) {
                throw new IOException("damaged envelope checkpoint");
            }
            SubjectKey key = keys.keyById(HexFormat.of().parseHex(ids[i]));
            if (key == null) {
                throw new IOException("the key of a subject in the envelope is gone");
            }
            keyOf[i] = key;
            at += len;
            offsets[i + 1] = at;
        }
        // the histories are opened when their subjects are seen again (SavedHistory); a checksum over all of them
        // catches a damaged file here, where the backup can still envelope the whole log instead
        CRC32C crc = new CRC32C();
        crc.update(file, offsets[0], offsets[n] - offsets[0]);
        if (crc.getValue() != in.readLong()) {
            throw new IOException("damaged envelope checkpoint");
        }
        LinkedHashMap<String, SavedHistory> histories = new LinkedHashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            histories.put(ids[i], SavedHistory.ofSealed(keyOf[i], file, offsets[i], offsets[i + 1] - offsets[i]));
        }
        long[] counts = {v[1], v[2], v[3], v[4]};
        return new EnvelopeCheckpoint(
                options, source, content, logBytes, sha, v[0], counts, subjects, subjectKeys, histories);
    }

    private static void str(DataOutputStream out, String s) throws IOException {
        bytes(out, s.getBytes(StandardCharsets.UTF_8));
    }

    private static void bytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static String str(DataInputStream in) throws IOException {
        return new String(bytes(in), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(DataInputStream in) throws IOException {
        int n = count(in, in.available());
        return in.readNBytes(n);
    }

    private static int count(DataInputStream in, int max) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > max) {
            throw new IOException("damaged envelope checkpoint");
        }
        return n;
    }
}

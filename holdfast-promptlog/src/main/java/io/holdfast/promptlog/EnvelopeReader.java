package io.holdfast.promptlog;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdDictDecompress;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Turns an envelope file back into its JSONL log: every record whose key is in the key store comes back byte for byte;
 * a record whose key was destroyed (its subject erased) is left out, line and newline, so the rest of the log is
 * unchanged. Damage (a truncated frame, a failed authentication tag) is an error naming the frame's offset.
 */
public final class EnvelopeReader {
    private final SubjectKeyStore keys;
    private final String source;
    private final ZstdDecompressCtx zstd;
    private final ZstdDecompressCtx zstdHistory = new ZstdDecompressCtx();
    private final byte[] dictionary = EnvelopeFormat.dictionary();
    private SubjectHistories histories = new SubjectHistories(dictionary, 0, 1);
    private final java.util.Map<String, SubjectCipher> ciphers = new java.util.HashMap<>();

    public EnvelopeReader(SubjectKeyStore keys, String source) {
        this.keys = keys;
        this.source = source;
        this.zstd = new ZstdDecompressCtx();
        zstd.loadDict(new ZstdDictDecompress(dictionary));
    }

    /** Whether a file starting with these bytes is an envelope. */
    public static boolean isEnvelope(byte[] head, int len) {
        return EnvelopeFormat.startsWithMagic(head, len);
    }

    /** Number of bytes {@link #isEnvelope} needs. */
    public static int magicLength() {
        return EnvelopeFormat.MAGIC.length;
    }

    public DecodeResult read(InputStream envelope, OutputStream jsonl) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(envelope, 1 << 16));
        byte[] magic = new byte[EnvelopeFormat.MAGIC.length];
        in.readFully(magic);
        if (!EnvelopeFormat.startsWithMagic(magic, magic.length)) {
            throw new EnvelopeException(source, 0, "not an envelope file");
        }
        long offset = magic.length;
        int headerLen = (int) readVarint(in, offset);
        if (headerLen > EnvelopeFormat.MAX_HEADER) {
            throw new EnvelopeException(source, offset, "header of " + headerLen + " bytes");
        }
        byte[] header = new byte[headerLen];
        in.readFully(header);
        JsonNode h = EnvelopeFormat.JSON.readTree(header);
        int version = h.path("version").asInt();
        int historyBytes = h.path("history_bytes").asInt(-1);
        int historySubjects = h.path("history_subjects").asInt(-1);
        boolean v1 = version == EnvelopeFormat.VERSION_1 && !h.has("history_bytes");
        boolean v2 = version == EnvelopeFormat.VERSION
                && historyBytes > 0
                && historyBytes <= EnvelopeFormat.MAX_HISTORY_BYTES
                && historySubjects > 0
                && historySubjects <= EnvelopeFormat.MAX_HISTORY_SUBJECTS;
        if (!(v1 || v2)
                || !EnvelopeFormat.DICTIONARY_ID.equals(h.path("dictionary").asText())) {
            throw new EnvelopeException(
                    source, offset, "unsupported envelope (made by a newer Holdfast?), header " + h);
        }
        histories = new SubjectHistories(dictionary, v2 ? historyBytes : 0, v2 ? historySubjects : 1);
        offset += varintSize(headerLen) + headerLen;
        OutputStream out = new BufferedOutputStream(jsonl, 1 << 16);
        long records = 0;
        long erased = 0;
        long bytesOut = 0;
        int kind;
        while ((kind = in.read()) >= 0) {
            long frameAt = offset;
            long bodyLen = readVarint(in, frameAt);
            if (bodyLen > Integer.MAX_VALUE - 16) {
                throw new EnvelopeException(source, frameAt, "frame of " + bodyLen + " bytes");
            }
            byte[] body = new byte[(int) bodyLen];
            try {
                in.readFully(body);
            } catch (EOFException e) {
                throw new EnvelopeException(source, frameAt, "truncated frame");
            }
            offset += 1 + varintSize(bodyLen) + bodyLen;
            byte[] line;
            boolean newline;
            try {
                if (kind == EnvelopeFormat.FRAME_CLEAR) {
                    newline = (body[0] & EnvelopeFormat.FLAG_NEWLINE) != 0;
                    line = java.util.Arrays.copyOfRange(body, 1, body.length);
                } else if (kind == EnvelopeFormat.FRAME_SEALED) {
                    newline = (body[0] & EnvelopeFormat.FLAG_NEWLINE) != 0;
                    line = open(body);
                    if (line == null) {
                        erased++;
                        continue;
                    }
                    records++;
                } else {
                    throw new EnvelopeException(source, frameAt, "unknown frame kind " + kind);
                }
            } catch (IllegalStateException
                    | IndexOutOfBoundsException
                    | com.github.luben.zstd.ZstdException
                    | javax.crypto.AEADBadTagException e) {
                throw new EnvelopeException(source, frameAt, "damaged frame: " + e.getMessage());
            }
            out.write(line);
            bytesOut += line.length;
            if (newline) {
                out.write('\n');
                bytesOut++;
            }
        }
        out.flush();
        return new DecodeResult(records, erased, bytesOut);
    }

    /** The record's line, or null when its key is gone. */
    private byte @org.jspecify.annotations.Nullable [] open(byte[] body) throws javax.crypto.AEADBadTagException {
        Varints.Reader r = new Varints.Reader(body, 0, body.length);
        int flags = r.u8();
        byte[] keyId = r.bytes(SubjectKey.ID_BYTES);
        byte[] template = r.bytes(r.length());
        int n = (int) r.varint();
        if (n < 0 || n > r.remaining()) {
            throw new IllegalStateException("bad span count " + n);
        }
        int[] at = new int[n];
        int last = 0;
        for (int i = 0; i < n; i++) {
            last += (int) r.varint();
            if (last < 0 || last > template.length) {
                throw new IllegalStateException("span offset beyond the template");
            }
            at[i] = last;
        }
        SubjectKey key = keys.keyById(keyId);
        SubjectHistories.History history =
                histories.touch(java.util.HexFormat.of().formatHex(keyId));
        if (key == null) {
            return null;
        }
        int aadLen = r.pos();
        byte[] aad = java.util.Arrays.copyOf(body, aadLen);
        byte[] plain = ciphers.computeIfAbsent(key.idHex(), id -> new SubjectCipher(key))
                .open(aad, body, aadLen, body.length - aadLen);
        if ((flags & EnvelopeFormat.FLAG_COMPRESSED) != 0) {
            long size = Zstd.getFrameContentSize(plain);
            if (size < 0 || size > Integer.MAX_VALUE) {
                throw new IllegalStateException("compressed piece without a size");
            }
            byte[] dict = history.dictionary();
            if (dict == null) {
                plain = zstd.decompress(plain, (int) size);
            } else {
                zstdHistory.loadDict(dict);
                plain = zstdHistory.decompress(plain, (int) size);
            }
        }
        history.append(plain);
        Varints.Reader p = new Varints.Reader(plain, 0, plain.length);
        if ((int) p.varint() != n) {
            throw new IllegalStateException("span count differs inside the sealed part");
        }
        int[] lens = new int[n];
        for (int i = 0; i < n; i++) {
            lens[i] = p.length();
        }
        ByteArrayOutputStream line = new ByteArrayOutputStream(template.length + plain.length);
        int prev = 0;
        for (int i = 0; i < n; i++) {
            line.write(template, prev, at[i] - prev);
            line.write(p.bytes(lens[i]), 0, lens[i]);
            prev = at[i];
        }
        line.write(template, prev, template.length - prev);
        return line.toByteArray();
    }

    private long readVarint(InputStream in, long at) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.read();
            if (b < 0) {
                throw new EnvelopeException(source, at, "truncated frame length");
            }
            v |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new EnvelopeException(source, at, "frame length too long");
    }

    private static int varintSize(long v) {
        int n = 1;
        while (v >= 0x80) {
            v >>>= 7;
            n++;
        }
        return n;
    }
}

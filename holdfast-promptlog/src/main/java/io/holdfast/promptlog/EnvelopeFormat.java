package io.holdfast.promptlog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Constants of envelope format version 1 (docs/design.md §17): the magic, the frame kinds, flags, the header and the
 * compression dictionary.
 */
final class EnvelopeFormat {
    /** First 8 bytes of every envelope file; 0x89 can never start a JSONL line of UTF-8 text. */
    static final byte[] MAGIC = {(byte) 0x89, 'H', 'F', 'P', 'L', 'O', 'G', '\n'};

    /** Version 1: each record compressed with the fixed dictionary only. Still read. */
    static final int VERSION_1 = 1;
    /** Version 2, written: each record compressed with the fixed dictionary and its subject's history. */
    static final int VERSION = 2;
    /**
     * Bytes of each subject's earlier plaintexts that its next record is compressed against (version 2; the header
     * names it, and envelopes written with 32 KiB before 2026-12-07 are read as they are). zstd indexes the whole
     * dictionary for every record: 16 KiB took a prompt-log day 2.34-2.40 -> 1.95-2.15 s for 1.6% more on the first
     * day and 2-3% more a day after (design.md §17.3).
     */
    static final int HISTORY_BYTES = 16 * 1024;
    /** Most subjects with a history at a time (version 2); 4,096 × 16 KiB bounds it to 64 MiB. */
    static final int HISTORY_SUBJECTS = 4096;
    /** Limits a reader accepts from a header, so a damaged one cannot ask for absurd memory. */
    static final int MAX_HISTORY_BYTES = 1 << 20;

    static final int MAX_HISTORY_SUBJECTS = 1 << 16;
    static final int FRAME_SEALED = 1;
    static final int FRAME_CLEAR = 2;
    static final int FLAG_NEWLINE = 1;
    static final int FLAG_COMPRESSED = 2;
    /** Longest header accepted when reading. */
    static final int MAX_HEADER = 1 << 16;

    static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] DICTIONARY = load();
    static final String DICTIONARY_ID = sha256Hex(DICTIONARY);

    private EnvelopeFormat() {}

    /** The fixed zstd raw-content dictionary: field names and common English, no personal data. */
    static byte[] dictionary() {
        return DICTIONARY.clone();
    }

    static boolean startsWithMagic(byte[] head, int len) {
        return len >= MAGIC.length && Arrays.equals(head, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /**
     * The header's JSON; equal options give equal bytes, so the envelope's first chunk deduplicates. A history of 0
     * bytes writes a version 1 header.
     */
    static byte[] header(PromptLogOptions opts, int historyBytes, int historySubjects) {
        ObjectNode h = JSON.createObjectNode();
        h.put("format", "holdfast-promptlog");
        h.put("version", historyBytes == 0 ? VERSION_1 : VERSION);
        h.put("cipher", "AES-256-GCM, synthetic IV from HMAC-SHA-256");
        h.put("compression", "zstd");
        h.put("dictionary", DICTIONARY_ID);
        if (historyBytes > 0) {
            h.put("history_bytes", historyBytes);
            h.put("history_subjects", historySubjects);
        }
        h.put("subject", opts.subject());
        if (opts.timestamp() != null) {
            h.put("timestamp", opts.timestamp());
        }
        opts.personal().forEach(h.putArray("personal")::add);
        try {
            return JSON.writeValueAsBytes(h);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256Hex(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] load() {
        try (InputStream in = EnvelopeFormat.class.getResourceAsStream("promptlog-dict-v1.txt")) {
            if (in == null) {
                throw new IllegalStateException("promptlog-dict-v1.txt missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

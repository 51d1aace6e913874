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

    static final int VERSION = 1;
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

    /** The header's JSON; equal options give equal bytes, so the envelope's first chunk deduplicates. */
    static byte[] header(PromptLogOptions opts) {
        ObjectNode h = JSON.createObjectNode();
        h.put("format", "holdfast-promptlog");
        h.put("version", VERSION);
        h.put("cipher", "AES-256-GCM, synthetic IV from HMAC-SHA-256");
        h.put("compression", "zstd");
        h.put("dictionary", DICTIONARY_ID);
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

package io.holdfast.promptlog;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The compression context of envelope version 2 (docs/design.md §17.3): for each subject key, the last {@code bytes}
 * bytes of that subject's earlier record plaintexts in the same envelope, which (after the fixed dictionary) are the
 * zstd dictionary of its next record. A record therefore compresses against its own subject's earlier records only,
 * never against another subject's, so destroying one key leaves every other record decodable.
 *
 * <p>At most {@code subjects} contexts are kept; touching one more drops the least recently touched. The writer and the
 * reader call {@link #touch} for every sealed frame, in envelope order (the reader also for frames whose key is gone),
 * so both drop the same contexts at the same frames and the output is a pure function of the log and the keys.
 * Not thread-safe.
 */
final class SubjectHistories {
    private final byte[] prefix;
    private final int bytes;
    private final Map<String, History> byKey;

    /**
     * @param prefix the fixed dictionary, which comes before every history in its {@link History#dictionary}
     * @param bytes history kept per subject; 0 keeps none (envelope version 1)
     * @param subjects most subjects with a history at a time
     */
    SubjectHistories(byte[] prefix, int bytes, int subjects) {
        if (bytes < 0 || subjects < 1) {
            throw new IllegalArgumentException("history of " + bytes + " bytes for " + subjects + " subjects");
        }
        this.prefix = prefix.clone();
        this.bytes = bytes;
        this.byKey = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, History> eldest) {
                return size() > subjects;
            }
        };
    }

    /** The context of this key (new and empty if it was never seen or was dropped), now the most recent. */
    History touch(String keyIdHex) {
        History h = byKey.get(keyIdHex);
        if (h == null) {
            h = new History();
            byKey.put(keyIdHex, h);
        }
        return h;
    }

    /**
     * Every context by key id, least recently touched first (for an {@link EnvelopeCheckpoint}): a copy of its bytes,
     * or, for one restored and not touched since, what it was restored from (still sealed).
     */
    LinkedHashMap<String, SavedHistory> export() {
        LinkedHashMap<String, SavedHistory> out = new LinkedHashMap<>(byKey.size() * 2);
        for (Map.Entry<String, History> e : byKey.entrySet()) {
            History h = e.getValue();
            SavedHistory pending = h.pending;
            out.put(
                    e.getKey(),
                    pending != null
                            ? pending
                            : SavedHistory.ofPlain(
                                    Arrays.copyOfRange(h.buf, prefix.length, prefix.length + h.len), h.cipher));
        }
        return out;
    }

    /**
     * Replaces every context with {@code saved}, in its order, as {@link #export} gave it, and empties {@code saved}
     * (so what it held is garbage once used rather than kept to the end). A sealed context is opened when its key is
     * next used, on the thread that uses it.
     */
    void restore(LinkedHashMap<String, SavedHistory> saved) {
        byKey.clear();
        for (Map.Entry<String, SavedHistory> e : saved.entrySet()) {
            History h = new History();
            h.pending = e.getValue();
            byKey.put(e.getKey(), h);
        }
        saved.clear();
    }

    /**
     * The last bytes of one subject's plaintexts, kept after the fixed dictionary in one array: {@link #dictionary}
     * is that array itself, so a record costs no copy of the 19 KB dictionary, and once the history is full an
     * {@link #append} moves its bytes in place.
     */
    final class History {
        /** The prefix, then {@link #len} bytes of history; exactly that long. */
        private byte[] buf = prefix;

        private int len;
        /** What this history was restored from and has not been opened yet, or null. */
        private @Nullable SavedHistory pending;
        /** The subject's cipher, once something needed it. */
        private @Nullable SubjectCipher cipher;

        /**
         * The cipher of this history's subject key, made once: the writer seals the subject's records with it, opens
         * the history a checkpoint saved and seals the history into the next checkpoint. Used on one thread at a time,
         * like the history.
         */
        SubjectCipher cipher(SubjectKey key) {
            SubjectCipher c = cipher;
            if (c == null) {
                c = new SubjectCipher(key);
                cipher = c;
            }
            return c;
        }

        /** Opens what this history was restored from, the first time it is used. */
        private void open() {
            SavedHistory p = pending;
            if (p != null) {
                pending = null;
                SubjectKey k = p.key();
                append(p.plain(k == null ? null : cipher(k)));
            }
        }

        /**
         * The fixed dictionary followed by this history, or null when the history is empty. The array is the
         * history's own: read it before the next {@link #append}, never change it.
         */
        byte @Nullable [] dictionary() {
            open();
            return len == 0 ? null : buf;
        }

        /** Appends a plaintext, keeping the last {@code bytes} bytes. */
        void append(byte[] plain) {
            open();
            if (bytes == 0) {
                return;
            }
            int p = prefix.length;
            if (plain.length >= bytes) {
                if (len != bytes) {
                    buf = Arrays.copyOf(prefix, p + bytes);
                }
                System.arraycopy(plain, plain.length - bytes, buf, p, bytes);
                len = bytes;
                return;
            }
            int keep = Math.min(len, bytes - plain.length);
            int total = keep + plain.length;
            byte[] dst = total == len ? buf : Arrays.copyOf(prefix, p + total);
            System.arraycopy(buf, p + len - keep, dst, p, keep);
            System.arraycopy(plain, 0, dst, p + keep, plain.length);
            buf = dst;
            len = total;
        }
    }
}

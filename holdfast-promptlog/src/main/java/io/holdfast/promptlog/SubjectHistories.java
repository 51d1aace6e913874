package io.holdfast.promptlog;

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
    private final int bytes;
    private final Map<String, History> byKey;

    /**
     * @param bytes history kept per subject; 0 keeps none (envelope version 1)
     * @param subjects most subjects with a history at a time
     */
    SubjectHistories(int bytes, int subjects) {
        if (bytes < 0 || subjects < 1) {
            throw new IllegalArgumentException("history of " + bytes + " bytes for " + subjects + " subjects");
        }
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

    /** Every context's bytes by key id, least recently touched first (for an {@link EnvelopeCheckpoint}). */
    LinkedHashMap<String, byte[]> export() {
        LinkedHashMap<String, byte[]> out = new LinkedHashMap<>(byKey.size() * 2);
        for (Map.Entry<String, History> e : byKey.entrySet()) {
            out.put(e.getKey(), java.util.Arrays.copyOf(e.getValue().buf, e.getValue().len));
        }
        return out;
    }

    /** Replaces every context with {@code saved}, in its order, as {@link #export} gave it. */
    void restore(LinkedHashMap<String, byte[]> saved) {
        byKey.clear();
        for (Map.Entry<String, byte[]> e : saved.entrySet()) {
            History h = new History();
            h.append(e.getValue());
            byKey.put(e.getKey(), h);
        }
    }

    /** The last bytes of one subject's plaintexts. */
    final class History {
        private byte[] buf = new byte[0];
        private int len;

        /** The fixed dictionary followed by this history, or null when the history is empty. */
        byte @Nullable [] dictionary(byte[] fixed) {
            if (len == 0) {
                return null;
            }
            byte[] d = new byte[fixed.length + len];
            System.arraycopy(fixed, 0, d, 0, fixed.length);
            System.arraycopy(buf, 0, d, fixed.length, len);
            return d;
        }

        /** Appends a plaintext, keeping the last {@code bytes} bytes. */
        void append(byte[] plain) {
            if (bytes == 0) {
                return;
            }
            if (plain.length >= bytes) {
                buf = grow(bytes);
                System.arraycopy(plain, plain.length - bytes, buf, 0, bytes);
                len = bytes;
                return;
            }
            int keep = Math.min(len, bytes - plain.length);
            int total = keep + plain.length;
            byte[] dst = total > buf.length ? new byte[Math.min(bytes, Math.max(total, 2 * buf.length))] : buf;
            System.arraycopy(buf, len - keep, dst, 0, keep);
            System.arraycopy(plain, 0, dst, keep, plain.length);
            buf = dst;
            len = total;
        }

        private byte[] grow(int size) {
            return buf.length >= size ? buf : new byte[size];
        }
    }
}

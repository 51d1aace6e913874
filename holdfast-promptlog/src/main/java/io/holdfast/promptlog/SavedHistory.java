package io.holdfast.promptlog;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import org.jspecify.annotations.Nullable;

/**
 * One subject's compression history in an {@link EnvelopeCheckpoint}: its plaintext, or the sealed form read from a
 * checkpoint file (zstd 1, then AES-256-GCM under the subject's key with a random nonce), opened only when the subject
 * has a record again. A day's backup therefore decrypts only the histories of the subjects it sees, and writes every
 * other one back as the same sealed bytes: its checkpoint costs the subjects of the appended records, not every subject
 * the log ever had (docs/design.md §17.3).
 */
final class SavedHistory {
    private static final byte[] AAD = "holdfast-promptlog checkpoint history".getBytes(StandardCharsets.US_ASCII);

    private final byte @Nullable [] plain;
    private final @Nullable SubjectKey key;
    private final byte @Nullable [] file;
    private final int at;
    private final int len;
    private final @Nullable SubjectCipher cipher;

    private SavedHistory(
            byte @Nullable [] plain,
            @Nullable SubjectKey key,
            byte @Nullable [] file,
            int at,
            int len,
            @Nullable SubjectCipher cipher) {
        this.plain = plain;
        this.key = key;
        this.file = file;
        this.at = at;
        this.len = len;
        this.cipher = cipher;
    }

    /**
     * A history as the writer left it, with the cipher its records were sealed with if there is one (a new cipher
     * derives two keys and looks up three providers: 2,000 subjects a day made it a fifth of the checkpoint's cost).
     */
    static SavedHistory ofPlain(byte[] plain, @Nullable SubjectCipher cipher) {
        return new SavedHistory(plain, null, null, 0, 0, cipher);
    }

    /** The sealed history at {@code at} in a checkpoint file (the array is shared, not copied). */
    static SavedHistory ofSealed(SubjectKey key, byte[] file, int at, int len) {
        return new SavedHistory(null, key, file, at, len, null);
    }

    /** The key a sealed history is sealed under; null for one as the writer left it. */
    @Nullable
    SubjectKey key() {
        return key;
    }

    /** Whether this is still the sealed form read from a file (never opened here). */
    boolean sealed() {
        return plain == null;
    }

    /** The sealed bytes to write: those read, or the plaintext compressed and sealed now under {@code key}. */
    byte[] seal(SubjectKey key) {
        byte[] f = file;
        if (f != null) {
            return Arrays.copyOfRange(f, at, at + len);
        }
        SubjectCipher c = cipher != null ? cipher : new SubjectCipher(key);
        return c.sealRandom(aad(key), Zstd.compress(java.util.Objects.requireNonNull(plain), 1));
    }

    /**
     * The plaintext, decrypted and decompressed now if this was read sealed. The checkpoint's checksum was verified
     * when it was read, so a failure here means the file was altered on purpose or the key store no longer matches it.
     *
     * @param with a cipher of this history's key to open it with, or null to make one
     * @throws UncheckedIOException if it does not decrypt or decompress
     */
    byte[] plain(@Nullable SubjectCipher with) {
        byte[] p = plain;
        if (p != null) {
            return p;
        }
        SubjectKey k = java.util.Objects.requireNonNull(key);
        byte[] packed;
        try {
            SubjectCipher c = with != null ? with : new SubjectCipher(k);
            packed = c.open(aad(k), java.util.Objects.requireNonNull(file), at, len);
        } catch (AEADBadTagException e) {
            throw new UncheckedIOException(new IOException(
                    "a subject history in the prompt-log checkpoint does not decrypt; run the backup again with"
                            + " --no-resume",
                    e));
        }
        long size = Zstd.getFrameContentSize(packed);
        if (size < 0 || size > EnvelopeFormat.MAX_HISTORY_BYTES) {
            throw new UncheckedIOException(new IOException(
                    "a subject history in the prompt-log checkpoint is damaged; run the backup again with"
                            + " --no-resume"));
        }
        return Zstd.decompress(packed, (int) size);
    }

    /** The associated data of a sealed history: it belongs to this subject key and to a checkpoint, nothing else. */
    static byte[] aad(SubjectKey key) {
        byte[] id = key.id();
        byte[] a = Arrays.copyOf(AAD, AAD.length + id.length);
        System.arraycopy(id, 0, a, AAD.length, id.length);
        return a;
    }
}

package io.holdfast.promptlog;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Where subject keys live: outside the repository, so destroying a key reaches every copy of the data it encrypted.
 * {@link LocalKeyStore} is the default; a KMS-backed store implements the same operations. Subjects are named only by
 * their keyed hash ({@link #subjectHash}), never in clear.
 */
public interface SubjectKeyStore {
    /** The keyed hash (HMAC-SHA-256 under the store's secret) of a subject id, as 64 lower-case hex digits. */
    String subjectHash(String subject);

    /** The current key of a subject, creating one if it has none (made durable by {@link #flush}). */
    SubjectKey keyFor(String subjectHash);

    /** The key with this id, or null when it was destroyed or never existed here. */
    @Nullable
    SubjectKey keyById(byte[] keyId);

    /** Whether the subject has been erased (its certificate is in the ledger). */
    boolean erased(String subjectHash);

    /** Makes keys created since the last flush durable. */
    void flush() throws IOException;
}

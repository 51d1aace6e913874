package io.holdfast.storage;

import java.io.IOException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Write-once-read-many locks of a backend that offers them (S3 Object Lock), found with {@link
 * Backend#feature(Class)}. Every method acts on the current version of an object; none ever shortens a lock.
 */
public interface ObjectLocking {
    /**
     * Checks that the storage can keep locked objects (for S3: the bucket has versioning and Object Lock enabled),
     * creating the bucket with both when it does not exist.
     *
     * @throws PermanentStorageException saying what is missing and how to get it, when the storage cannot
     */
    void requireObjectLock() throws IOException;

    /**
     * From now on, every file saved, except lock files ({@link FileType#LOCK}), is stored retained under {@code rule};
     * {@code null} stops that.
     */
    void retainNewObjects(@Nullable RetentionRule rule);

    /** The rule new files are retained under, or {@code null}. */
    @Nullable
    RetentionRule retention();

    /**
     * The lock on the file.
     *
     * @throws java.nio.file.NoSuchFileException if it does not exist
     */
    LockState lockState(Handle handle) throws IOException;

    /**
     * Retains the file until {@code until} in {@code mode}, unless it is retained that long already (its mode is then
     * kept). Never shortens a lock.
     *
     * @return whether the lock was changed
     */
    boolean extendRetention(Handle handle, LockMode mode, Instant until) throws IOException;

    /** Puts a legal hold on the file, or lifts it. */
    void legalHold(Handle handle, boolean on) throws IOException;
}

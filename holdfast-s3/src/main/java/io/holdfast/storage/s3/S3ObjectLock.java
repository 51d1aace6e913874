package io.holdfast.storage.s3;

import io.holdfast.storage.FileType;
import io.holdfast.storage.Handle;
import io.holdfast.storage.LockMode;
import io.holdfast.storage.LockState;
import io.holdfast.storage.ObjectLocking;
import io.holdfast.storage.PermanentStorageException;
import io.holdfast.storage.RetentionRule;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * S3 Object Lock for an {@link S3Backend}: per-object retention set in the upload itself (no extra request), raised
 * with {@code PutObjectRetention} only when it would end too soon, and legal holds. The retain-until date of the
 * current version is read from {@code HEAD} (some servers fail {@code GetObjectRetention}).
 */
final class S3ObjectLock implements ObjectLocking {
    private final S3Backend backend;
    private final S3Client client;
    private final String bucket;
    private final Clock clock;
    private volatile @Nullable RetentionRule rule;

    S3ObjectLock(S3Backend backend, S3Client client, String bucket, Clock clock) {
        this.backend = backend;
        this.client = client;
        this.bucket = bucket;
        this.clock = clock;
    }

    @Override
    public void requireObjectLock() throws IOException {
        try {
            client.headBucket(b -> b.bucket(bucket));
        } catch (SdkException e) {
            if (!(e instanceof SdkServiceException s && s.statusCode() == 404)) {
                throw S3Errors.map("HEAD bucket " + bucket, bucket, e);
            }
            try { // a new bucket: with Object Lock, which turns versioning on
                client.createBucket(b -> b.bucket(bucket).objectLockEnabledForBucket(true));
                return;
            } catch (SdkException c) {
                throw S3Errors.map("create bucket " + bucket + " with Object Lock", bucket, c);
            }
        }
        BucketVersioningStatus versioning;
        try {
            versioning = client.getBucketVersioning(b -> b.bucket(bucket)).status();
        } catch (SdkException e) {
            throw S3Errors.map("GET versioning of bucket " + bucket, bucket, e);
        }
        if (versioning != BucketVersioningStatus.ENABLED) {
            throw new PermanentStorageException("bucket " + bucket + " does not have versioning enabled, which Object"
                    + " Lock needs: use a new bucket (Holdfast creates it with Object Lock) or enable versioning and"
                    + " Object Lock on this one");
        }
        boolean enabled;
        try {
            var conf = client.getObjectLockConfiguration(b -> b.bucket(bucket)).objectLockConfiguration();
            enabled = conf != null && conf.objectLockEnabled() == ObjectLockEnabled.ENABLED;
        } catch (SdkException e) {
            if (!(e instanceof SdkServiceException s && s.statusCode() == 404)) {
                throw S3Errors.map("GET object lock configuration of bucket " + bucket, bucket, e);
            }
            enabled = false; // ObjectLockConfigurationNotFoundError
        }
        if (!enabled) {
            throw new PermanentStorageException("bucket " + bucket + " does not have Object Lock enabled: use a new"
                    + " bucket (Holdfast creates it with Object Lock) or enable Object Lock on this one");
        }
    }

    @Override
    public void retainNewObjects(@Nullable RetentionRule rule) {
        this.rule = rule;
    }

    @Override
    public @Nullable RetentionRule retention() {
        return rule;
    }

    /** Adds the retention of a new object to its upload, unless it is a lock file or no rule is set. */
    void onUpload(Handle handle, PutObjectRequest.Builder put) {
        RetentionRule r = rule;
        if (r != null && handle.type() != FileType.LOCK) {
            put.objectLockMode(r.mode().name()).objectLockRetainUntilDate(r.retainUntil(clock.instant()));
        }
    }

    @Override
    public LockState lockState(Handle handle) throws IOException {
        HeadObjectResponse h = backend.head(handle);
        if (h == null) {
            throw new NoSuchFileException(handle.path(), null, "no such object");
        }
        return state(h);
    }

    static LockState state(HeadObjectResponse h) {
        ObjectLockMode m = h.objectLockMode();
        LockMode mode = m == ObjectLockMode.COMPLIANCE
                ? LockMode.COMPLIANCE
                : m == ObjectLockMode.GOVERNANCE ? LockMode.GOVERNANCE : null;
        return new LockState(
                mode, h.objectLockRetainUntilDate(), h.objectLockLegalHoldStatus() == ObjectLockLegalHoldStatus.ON);
    }

    @Override
    public boolean extendRetention(Handle handle, LockMode mode, Instant until) throws IOException {
        LockState now = lockState(handle);
        Instant current = now.retainUntil();
        if (current != null && !current.isBefore(until)) {
            return false; // never shorten
        }
        LockMode keep = now.mode() != null && current != null && current.isAfter(clock.instant()) ? now.mode() : mode;
        String key = backend.key(handle);
        try {
            client.putObjectRetention(b ->
                    b.bucket(bucket).key(key).retention(r -> r.mode(mode(keep)).retainUntilDate(until)));
        } catch (SdkException e) {
            throw S3Errors.map("PUT retention of " + key, bucket + "/" + key, e);
        }
        return true;
    }

    @Override
    public void legalHold(Handle handle, boolean on) throws IOException {
        String key = backend.key(handle);
        try {
            client.putObjectLegalHold(b -> b.bucket(bucket)
                    .key(key)
                    .legalHold(h -> h.status(on ? ObjectLockLegalHoldStatus.ON : ObjectLockLegalHoldStatus.OFF)));
        } catch (SdkException e) {
            throw S3Errors.map("PUT legal hold of " + key, bucket + "/" + key, e);
        }
    }

    static ObjectLockRetentionMode mode(LockMode m) {
        return m == LockMode.COMPLIANCE ? ObjectLockRetentionMode.COMPLIANCE : ObjectLockRetentionMode.GOVERNANCE;
    }
}

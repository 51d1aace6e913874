package io.holdfast.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.holdfast.storage.Backend;
import io.holdfast.storage.FileType;
import io.holdfast.storage.Handle;
import io.holdfast.storage.LockMode;
import io.holdfast.storage.LockState;
import io.holdfast.storage.ObjectLocking;
import io.holdfast.storage.PermanentStorageException;
import io.holdfast.storage.RetentionRule;
import io.holdfast.storage.VersionHistory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Object Lock and object versions of the S3 backend against a real server that enforces them (moto): the bucket
 * checks, retention in the upload, never shortening, legal holds, the repository as of a time, and undelete after
 * files were deleted and overwritten with the same credentials.
 */
class S3ObjectLockTest {
    @TempDir
    static Path work;

    static MotoServer server;
    static S3Client raw;
    static final AtomicInteger BUCKETS = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        server = MotoServer.start(work.resolve("moto"));
        raw = server.client();
    }

    @AfterAll
    static void stop() throws Exception {
        raw.close();
        server.close();
    }

    private static String bucket() {
        return "lock-test-" + BUCKETS.incrementAndGet();
    }

    private static Backend open(String bucket) {
        return new S3BackendProvider().open(server.location(bucket, "repo"), server.environment());
    }

    private static ObjectLocking locking(Backend b) {
        return b.feature(ObjectLocking.class).orElseThrow();
    }

    private static void save(Backend b, Handle h, String text) throws Exception {
        b.save(h, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String load(Backend b, Handle h) throws Exception {
        return new String(b.load(h), StandardCharsets.UTF_8);
    }

    @Test
    void aMissingBucketIsCreatedWithObjectLockAndAPlainBucketIsRefused() throws Exception {
        String fresh = bucket();
        try (Backend b = open(fresh)) {
            locking(b).requireObjectLock();
        }
        assertThat(raw.getObjectLockConfiguration(r -> r.bucket(fresh))
                        .objectLockConfiguration()
                        .objectLockEnabledAsString())
                .isEqualTo("Enabled");

        String plain = bucket();
        raw.createBucket(r -> r.bucket(plain));
        try (Backend b = open(plain)) {
            assertThatThrownBy(() -> locking(b).requireObjectLock())
                    .isInstanceOf(PermanentStorageException.class)
                    .hasMessageContaining("bucket " + plain + " does not have versioning enabled");
        }
        raw.putBucketVersioning(r -> r.bucket(plain).versioningConfiguration(v -> v.status("Enabled")));
        try (Backend b = open(plain)) {
            assertThatThrownBy(() -> locking(b).requireObjectLock())
                    .isInstanceOf(PermanentStorageException.class)
                    .hasMessageContaining("does not have Object Lock enabled");
        }
    }

    @Test
    void filesAreWrittenLockedExceptLockFilesAndLocksAreNeverShortened() throws Exception {
        String bucket = bucket();
        try (Backend b = open(bucket)) {
            ObjectLocking l = locking(b);
            l.requireObjectLock();
            RetentionRule rule = new RetentionRule(LockMode.COMPLIANCE, 3);
            l.retainNewObjects(rule);
            Instant before = Instant.now();
            Handle snap = new Handle(FileType.SNAPSHOT, "a".repeat(64));
            Handle lock = new Handle(FileType.LOCK, "b".repeat(64));
            save(b, snap, "snapshot");
            save(b, lock, "lock");

            LockState s = l.lockState(snap);
            assertThat(s.mode()).isEqualTo(LockMode.COMPLIANCE);
            assertThat(s.retainUntil()).isEqualTo(rule.retainUntil(before));
            assertThat(s.retainUntil()).isAfterOrEqualTo(before.plus(3, ChronoUnit.DAYS));
            assertThat(l.lockState(lock)).isEqualTo(LockState.NONE);

            // a lock file goes for good, with its version
            b.remove(lock);
            assertThat(raw.listObjectVersions(r -> r.bucket(bucket).prefix("repo/locks/"))
                            .versions())
                    .isEmpty();

            Instant earlier = s.retainUntil().minus(1, ChronoUnit.DAYS);
            assertThat(l.extendRetention(snap, LockMode.COMPLIANCE, earlier)).isFalse();
            assertThat(l.lockState(snap).retainUntil()).isEqualTo(s.retainUntil());
            Instant later = s.retainUntil().plus(5, ChronoUnit.DAYS);
            assertThat(l.extendRetention(snap, LockMode.COMPLIANCE, later)).isTrue();
            assertThat(l.lockState(snap).retainUntil()).isEqualTo(later);

            l.legalHold(snap, true);
            assertThat(l.lockState(snap).legalHold()).isTrue();
            l.legalHold(snap, false);
            assertThat(l.lockState(snap).legalHold()).isFalse();
            assertThatThrownBy(() -> l.lockState(new Handle(FileType.SNAPSHOT, "c".repeat(64))))
                    .isInstanceOf(NoSuchFileException.class);
        }
    }

    @Test
    void theRepositoryAsOfATimeAndUndeleteAfterDeletionsAndOverwrites() throws Exception {
        String bucket = bucket();
        List<Handle> files = new ArrayList<>();
        Instant asOf;
        try (Backend b = open(bucket)) {
            locking(b).requireObjectLock();
            locking(b).retainNewObjects(new RetentionRule(LockMode.GOVERNANCE, 2));
            b.create();
            save(b, Handle.CONFIG, "config");
            files.add(Handle.CONFIG);
            for (int i = 0; i < 4; i++) {
                Handle h = new Handle(FileType.PACK, Integer.toString(i).repeat(64));
                save(b, h, "pack " + i);
                files.add(h);
            }
            asOf = nextSecond(); // the servers list versions to the second

            // the attack, with the same credentials: delete everything, overwrite two
            for (Handle h : files) {
                raw.deleteObject(r -> r.bucket(bucket).key("repo/" + h.path()));
            }
            for (Handle h : files.subList(0, 2)) {
                raw.putObject(r -> r.bucket(bucket).key("repo/" + h.path()), RequestBody.fromString("ransom"));
            }
            Handle newer = new Handle(FileType.SNAPSHOT, "e".repeat(64));
            raw.putObject(r -> r.bucket(bucket).key("repo/" + newer.path()), RequestBody.fromString("bogus"));
            assertThat(load(b, Handle.CONFIG)).isEqualTo("ransom");
            assertThatThrownBy(() -> b.stat(files.get(3))).isInstanceOf(NoSuchFileException.class);

            // a locked version cannot be deleted with these credentials
            String version = raw.listObjectVersions(
                            r -> r.bucket(bucket).prefix("repo/" + files.get(3).path()))
                    .versions()
                    .getFirst()
                    .versionId();
            assertThatThrownBy(() -> raw.deleteObject(r ->
                            r.bucket(bucket).key("repo/" + files.get(3).path()).versionId(version)))
                    .isInstanceOf(S3Exception.class)
                    .hasMessageContaining("Access Denied");

            VersionHistory history = b.feature(VersionHistory.class).orElseThrow();
            Backend then = history.asOf(asOf);
            assertThat(load(then, Handle.CONFIG)).isEqualTo("config");
            assertThat(new String(then.load(files.get(3), 2, 3), StandardCharsets.UTF_8))
                    .isEqualTo("ck ");
            List<String> packs = new ArrayList<>();
            then.list(FileType.PACK, fi -> packs.add(fi.handle().name()));
            assertThat(packs).hasSize(4);
            List<String> snapshots = new ArrayList<>();
            then.list(FileType.SNAPSHOT, fi -> snapshots.add(fi.handle().name()));
            assertThat(snapshots).isEmpty();
            assertThatThrownBy(() -> save(then, newer, "x"))
                    .isInstanceOf(PermanentStorageException.class)
                    .hasMessageContaining("read-only");

            VersionHistory.UndeleteResult r = history.undelete(asOf, false);
            assertThat(r).isEqualTo(new VersionHistory.UndeleteResult(0, 3, 2, 1, false));
            for (int i = 0; i < files.size(); i++) {
                assertThat(load(b, files.get(i))).isEqualTo(i == 0 ? "config" : "pack " + (i - 1));
            }
            // the reverted files are locked again
            assertThat(locking(b).lockState(files.get(0)).mode()).isEqualTo(LockMode.GOVERNANCE);
            assertThat(load(b, newer)).isEqualTo("bogus");
            assertThat(history.undelete(asOf, true)).isEqualTo(new VersionHistory.UndeleteResult(5, 0, 0, 1, true));
            assertThatThrownBy(() -> b.stat(newer)).isInstanceOf(NoSuchFileException.class);
        }
    }

    /** Waits for the next whole second of the clock the server shares with this test, and returns it. */
    static Instant nextSecond() throws InterruptedException {
        Instant now = Instant.now();
        Instant next = now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        Thread.sleep(java.time.Duration.between(now, next).toMillis() + 1);
        return next.minusMillis(1);
    }
}

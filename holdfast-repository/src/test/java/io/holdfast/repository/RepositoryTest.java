package io.holdfast.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.holdfast.format.BlobType;
import io.holdfast.format.CorruptDataException;
import io.holdfast.format.Id;
import io.holdfast.format.crypto.KeyFile;
import io.holdfast.format.crypto.WrongPasswordException;
import io.holdfast.storage.FileType;
import io.holdfast.storage.local.LocalBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryTest {
    static final RepositoryOptions OPTS = RepositoryOptions.DEFAULTS
            .withKdf(new KeyFile.KdfParams(1024, 8, 1))
            .withPackSize(1 << 20);

    @TempDir
    Path tmp;

    @Test
    void blobsSavedConcurrentlyAreDurableAndReadableAfterReopen() throws Exception {
        List<byte[]> blobs = new ArrayList<>();
        Random r = new Random(3);
        for (int i = 0; i < 300; i++) {
            byte[] b = new byte[r.nextInt(40_000) + 1];
            if (i % 3 != 0) {
                r.nextBytes(b);
            }
            blobs.add(b);
        }
        try (Repository repo = Repository.init(LocalBackend.open(tmp), "pw", 2, OPTS, Repository.emptyExtensions())) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<BlobSaver.Result>> fs = new ArrayList<>();
            for (byte[] b : blobs) {
                fs.add(pool.submit(() -> repo.blobSaver().save(BlobType.DATA, b)));
                fs.add(pool.submit(() -> repo.blobSaver().save(BlobType.DATA, b))); // every blob twice
            }
            int stored = 0;
            for (Future<BlobSaver.Result> f : fs) {
                stored += f.get().stored() ? 1 : 0;
            }
            pool.shutdown();
            assertThat(stored)
                    .isEqualTo((int) blobs.stream().map(Id::hash).distinct().count());
            repo.blobSaver().flush();
        }
        try (Repository repo = Repository.open(LocalBackend.open(tmp), "pw", OPTS)) {
            repo.loadIndex();
            for (byte[] b : blobs) {
                assertThat(repo.loadBlob(BlobType.DATA, Id.hash(b))).isEqualTo(b);
            }
            assertThat(repo.list(FileType.PACK)).hasSizeGreaterThan(3);
        }
    }

    /**
     * One scratch decodes compressed and incompressible blobs of growing and shrinking sizes in turn, each to the
     * bytes {@code load} returns; a damaged blob is corrupt data and leaves the scratch usable.
     */
    @Test
    void decodeIntoReusesOneScratchForEveryBlob() throws Exception {
        List<byte[]> blobs = new ArrayList<>();
        Random r = new Random(4);
        for (int size : new int[] {10, 3_000_000, 70_000, 1, 2_500_000, 0, 400_000}) {
            byte[] b = new byte[size];
            if (blobs.size() % 2 == 0) {
                r.nextBytes(b); // incompressible: stored as is
            } else {
                java.util.Arrays.fill(b, (byte) 'x'); // compressed
            }
            blobs.add(b);
        }
        try (Repository repo = Repository.init(LocalBackend.open(tmp), "pw", 2, OPTS, Repository.emptyExtensions())) {
            for (byte[] b : blobs) {
                repo.blobSaver().save(BlobType.DATA, b);
            }
            repo.blobSaver().flush();
        }
        try (Repository repo = Repository.open(LocalBackend.open(tmp), "pw", OPTS)) {
            repo.loadIndex();
            BlobScratch scratch = new BlobScratch();
            for (byte[] b : blobs) {
                BlobLocation loc = repo.index().lookup(BlobType.DATA, Id.hash(b));
                assertThat(loc).isNotNull();
                byte[] stored = repo.backend()
                        .load(
                                new io.holdfast.storage.Handle(
                                        FileType.PACK, loc.pack().hex()),
                                loc.offset(),
                                loc.length());
                repo.loader().decodeInto(loc, stored, 0, scratch);
                assertThat(java.util.Arrays.copyOf(scratch.plain(), scratch.length()))
                        .isEqualTo(b);
                if (b.length > 100) {
                    stored[stored.length / 2] ^= 1;
                    assertThatThrownBy(() -> repo.loader().decodeInto(loc, stored, 0, scratch))
                            .isInstanceOf(CorruptDataException.class)
                            .hasMessageContaining(loc.id().hex());
                }
            }
        }
    }

    @Test
    void wrongPasswordAndMissingRepositoryAreTyped() throws Exception {
        Repository.init(LocalBackend.open(tmp), "pw", 2, OPTS, Repository.emptyExtensions())
                .close();
        assertThatThrownBy(() -> Repository.open(LocalBackend.open(tmp), "nope", OPTS))
                .isInstanceOf(WrongPasswordException.class);
        assertThatThrownBy(() -> Repository.open(LocalBackend.open(tmp.resolve("none")), "pw", OPTS))
                .isInstanceOf(RepositoryNotFoundException.class);
    }

    @Test
    void damagedJsonFileIsReportedByName() throws Exception {
        Id id;
        try (Repository repo = Repository.init(LocalBackend.open(tmp), "pw", 2, OPTS, Repository.emptyExtensions())) {
            id = repo.saveJson(FileType.SNAPSHOT, "{\"a\":1}".getBytes());
            assertThat(new String(repo.loadJson(FileType.SNAPSHOT, id))).isEqualTo("{\"a\":1}");
        }
        Path f = tmp.resolve("snapshots").resolve(id.hex());
        f.toFile().setWritable(true);
        byte[] b = Files.readAllBytes(f);
        b[20] ^= 1;
        Files.write(f, b);
        try (Repository repo = Repository.open(LocalBackend.open(tmp), "pw", OPTS)) {
            assertThatThrownBy(() -> repo.loadJson(FileType.SNAPSHOT, id))
                    .isInstanceOf(CorruptDataException.class)
                    .hasMessageContaining(id.hex());
        }
    }

    @Test
    void exclusiveLockExcludesOthersAndStaleLocksAreIgnored() throws Exception {
        try (Repository repo = Repository.init(LocalBackend.open(tmp), "pw", 2, OPTS, Repository.emptyExtensions())) {
            Clock clock = Clock.systemUTC();
            try (RepositoryLock shared = RepositoryLock.acquire(repo, false, clock)) {
                RepositoryLock.acquire(repo, false, clock).close(); // shared locks coexist
                assertThatThrownBy(() -> RepositoryLock.acquire(repo, true, clock))
                        .isInstanceOf(LockFailedException.class)
                        .hasMessageContaining("PID " + ProcessHandle.current().pid());
            }
            try (RepositoryLock ex = RepositoryLock.acquire(repo, true, clock)) {
                assertThatThrownBy(() -> RepositoryLock.acquire(repo, false, clock))
                        .isInstanceOf(LockFailedException.class)
                        .hasMessageContaining("exclusively");
                // 31 minutes later the lock is stale
                Clock later = Clock.offset(clock, java.time.Duration.ofMinutes(31));
                RepositoryLock.acquire(repo, false, later).close();
            }
            assertThat(RepositoryLock.list(repo)).isEmpty();
        }
    }
}

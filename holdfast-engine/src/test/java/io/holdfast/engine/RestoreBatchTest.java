package io.holdfast.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.engine.fs.FsPath;
import io.holdfast.format.BlobType;
import io.holdfast.format.snapshot.Snapshot;
import io.holdfast.format.tree.Tree;
import io.holdfast.repository.Repository;
import io.holdfast.storage.FileType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A restore plans and writes its files a batch at a time: whatever the batch size, every file comes back byte for byte
 * (a blob that files of several batches share, a file of several blobs, an empty file), a hard link whose first name is
 * in an earlier batch is linked, and progress gets each batch's totals before its bytes, adding up to the whole.
 */
class RestoreBatchTest {
    @TempDir
    Path tmp;

    private Repository repo;
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-07T02:00:00Z"), ZoneOffset.UTC);

    @BeforeEach
    void init() throws Exception {
        repo = TestRepositories.init(tmp.resolve("repo"));
    }

    @AfterEach
    void close() throws Exception {
        repo.close();
    }

    @ParameterizedTest(name = "batches of {0} files or {1} blobs")
    @CsvSource({"1, 1000", "3, 1000", "7, 2", "1000, 1000", "8192, 65536"})
    void everyFileComesBackWhateverTheBatchSize(int files, int blobs) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Random random = new Random(7);
        byte[] shared = new byte[30_000];
        random.nextBytes(shared);
        long total = 0;
        int count = 0;
        for (int d = 0; d < 3; d++) {
            Path dir = Files.createDirectories(src.resolve("d" + d));
            for (int i = 0; i < 9; i++) {
                byte[] data;
                if (i % 4 == 0) {
                    data = shared; // the same blob in files of different batches
                } else {
                    data = new byte[i == 5 && d == 1 ? 3_500_000 : 100 + random.nextInt(50_000)];
                    random.nextBytes(data);
                }
                Files.write(dir.resolve("f" + i), data);
                total += data.length;
                count++;
            }
        }
        Files.write(src.resolve("d2/empty"), new byte[0]);
        count++;
        Files.createLink(src.resolve("d2/link-to-d0-f1"), src.resolve("d0/f1"));
        Files.createSymbolicLink(src.resolve("d1/sym"), Path.of("../d0/f2"));
        Tree root = backUp(src);
        List<long[]> scans = Collections.synchronizedList(new ArrayList<>());
        AtomicLong done = new AtomicLong();
        BackupProgress progress = new BackupProgress() {
            @Override
            public void scanned(long f, long b) {
                assertThat(done.get()).as("a batch's totals before its bytes").isLessThanOrEqualTo(sum(scans));
                scans.add(new long[] {f, b});
            }

            @Override
            public void bytesDone(long b) {
                done.addAndGet(b);
                assertThat(done.get()).isLessThanOrEqualTo(sum(scans));
            }
        };
        Path target = tmp.resolve("target");
        RestoreResult r = new Restorer(io.holdfast.engine.fs.LocalFs.get(), repo, progress, RestoredFileHook.NONE)
                .withBatches(files, blobs)
                .restore(root, "/", FsPath.of(target.toString()), RestoreOptions.DEFAULTS);

        assertThat(r.errors()).isEmpty();
        Path back = target.resolve(src.toString().substring(1));
        for (int d = 0; d < 3; d++) {
            for (int i = 0; i < 9; i++) {
                Path rel = Path.of("d" + d, "f" + i);
                assertThat(back.resolve(rel)).as(rel.toString()).hasSameBinaryContentAs(src.resolve(rel));
            }
        }
        assertThat(back.resolve("d2/empty")).isEmptyFile();
        assertThat(Files.isSameFile(back.resolve("d2/link-to-d0-f1"), back.resolve("d0/f1")))
                .as("hard link to a file of an earlier batch")
                .isTrue();
        assertThat(Files.readSymbolicLink(back.resolve("d1/sym"))).isEqualTo(Path.of("../d0/f2"));
        long scannedFiles = scans.stream().mapToLong(s -> s[0]).sum();
        assertThat(scannedFiles)
                .as("the hard link's second name is linked, not written")
                .isEqualTo(count);
        assertThat(sum(scans)).isEqualTo(total);
        assertThat(done.get()).isEqualTo(total);
        if (files >= 1000) {
            assertThat(scans).hasSize(1);
        } else {
            assertThat(scans).hasSizeGreaterThan(2);
        }
    }

    @ParameterizedTest(name = "batches of {0} files")
    @CsvSource({"2", "1000"})
    void theHookGetsEachFilesFirstBytesAsWrittenWithoutReadingIt(int files) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Random random = new Random(11);
        int[] sizes = {0, 5, 16, 17, 40_000, 3_500_000};
        for (int i = 0; i < sizes.length; i++) {
            byte[] data = new byte[sizes[i]];
            random.nextBytes(data);
            Files.write(src.resolve("f" + i), data);
        }
        Files.write(src.resolve("copy-of-f4"), Files.readAllBytes(src.resolve("f4"))); // one blob, two files
        Tree root = backUp(src);

        java.util.Map<String, byte[]> heads = new java.util.concurrent.ConcurrentHashMap<>();
        RestoredFileHook hook = (fs, file, head) -> {
            assertThat(head).as("%s: kept as written", file).isNotNull();
            heads.put(file.toString(), head);
            return false;
        };
        Path target = tmp.resolve("target");
        RestoreResult r = new Restorer(io.holdfast.engine.fs.LocalFs.get(), repo, BackupProgress.NONE, hook)
                .withBatches(files, 1000)
                .restore(root, "/", FsPath.of(target.toString()), RestoreOptions.DEFAULTS);

        assertThat(r.errors()).isEmpty();
        Path back = target.resolve(src.toString().substring(1));
        assertThat(heads).hasSize(sizes.length + 1);
        try (var list = Files.list(src)) {
            for (Path f : list.toList()) {
                byte[] content = Files.readAllBytes(f);
                assertThat(heads.get(back.resolve(f.getFileName()).toString()))
                        .as(f.getFileName().toString())
                        .isEqualTo(java.util.Arrays.copyOf(content, Math.min(content.length, 16)));
            }
        }
    }

    @org.junit.jupiter.api.Test
    void aHookThatLooksAtNoBytesIsNeverCalled() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.write(src.resolve("f"), new byte[] {1, 2, 3});
        Tree root = backUp(src);
        AtomicLong calls = new AtomicLong();
        RestoredFileHook hook = new RestoredFileHook() {
            @Override
            public boolean restored(io.holdfast.engine.fs.LocalFs fs, FsPath file, byte[] head) {
                calls.incrementAndGet();
                return false;
            }

            @Override
            public int headLength() {
                return 0;
            }
        };
        Path target = tmp.resolve("target");
        RestoreResult r = new Restorer(io.holdfast.engine.fs.LocalFs.get(), repo, BackupProgress.NONE, hook)
                .restore(root, "/", FsPath.of(target.toString()), RestoreOptions.DEFAULTS);

        assertThat(r.errors()).isEmpty();
        assertThat(r.files()).isEqualTo(1);
        assertThat(calls.get()).isZero();
    }

    /** Backs up {@code src}; returns the snapshot's root tree. */
    private Tree backUp(Path src) throws Exception {
        new Archiver(repo, clock, BackupProgress.NONE).backup(BackupOptions.DEFAULTS.withPaths(src));
        Snapshot snap = Snapshot.parse(
                repo.loadJson(FileType.SNAPSHOT, repo.list(FileType.SNAPSHOT).getFirst()), "snapshot");
        return Tree.parse(snap.tree(), repo.loadBlob(BlobType.TREE, snap.tree()));
    }

    private static long sum(List<long[]> scans) {
        synchronized (scans) {
            return scans.stream().mapToLong(s -> s[1]).sum();
        }
    }
}

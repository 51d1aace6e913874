package io.holdfast.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.engine.BackupOptions;
import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.RestoreOptions;
import io.holdfast.engine.RestoreResult;
import io.holdfast.format.Id;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pack-by-pack restorer: blobs that occur several times (in one file and across files), files spread over many
 * 1 MiB packs, empty files, overwriting longer files, refusing to overwrite without {@code --overwrite}, and
 * progress adding up to the bytes restored.
 */
class PackRestoreTest {
    @TempDir
    static Path tmp;

    static Path src;
    static Path repo;
    static Id snap;

    @BeforeAll
    static void backup() throws IOException {
        src = tmp.resolve("src");
        Files.createDirectories(src.resolve("sub/deeper"));
        Random rnd = new Random(42);
        byte[] half = new byte[3 << 20];
        rnd.nextBytes(half);
        byte[] twice = new byte[half.length * 2];
        System.arraycopy(half, 0, twice, 0, half.length);
        System.arraycopy(half, 0, twice, half.length, half.length);
        Files.write(src.resolve("twice.bin"), twice); // its second half repeats the first half's chunks
        Files.write(src.resolve("sub/half.bin"), half); // the same chunks again, in another file
        Files.write(src.resolve("sub/deeper/copy.bin"), half);
        byte[] big = new byte[9 << 20];
        rnd.nextBytes(big);
        Files.write(src.resolve("big.bin"), big); // spans many 1 MiB packs
        Files.write(src.resolve("empty"), new byte[0]);
        for (int i = 0; i < 300; i++) {
            byte[] small = new byte[rnd.nextInt(5000)];
            rnd.nextBytes(small);
            Files.write(src.resolve("sub/small-" + i), small);
        }
        repo = tmp.resolve("repo");
        Holdfast.init(repo.toString(), History.PASSWORD, InitOptions.DEFAULTS, History.OPTIONS)
                .close();
        try (Holdfast h = open()) {
            snap = h.backup(BackupOptions.DEFAULTS.withPaths(src), BackupProgress.NONE)
                    .snapshotId();
        }
    }

    @Test
    void restoresEveryFileIdenticallyAndCountsProgress() throws IOException {
        Path target = tmp.resolve("t1");
        AtomicLong progressed = new AtomicLong();
        BackupProgress progress = new BackupProgress() {
            @Override
            public void bytesDone(long bytes) {
                progressed.addAndGet(bytes);
            }
        };
        RestoreResult r;
        try (Holdfast h = open()) {
            r = h.restore(snap.hex() + ":" + src, target, RestoreOptions.DEFAULTS.withVerify(true), progress);
        }
        assertThat(r.errors()).isEmpty();
        TestData.assertSameTree(src, target);
        long total = sizeOf(src);
        assertThat(r.bytes()).isEqualTo(total);
        assertThat(progressed.get()).isEqualTo(total);
        assertThat(r.files()).isEqualTo(305);
        assertThat(r.verified()).isEqualTo(305);
    }

    @Test
    void overwritesLongerFilesOnlyWhenAsked() throws IOException {
        Path target = tmp.resolve("t2");
        Files.createDirectories(target.resolve("sub"));
        byte[] longer = new byte[(7 << 20) + 5];
        Files.write(target.resolve("sub/half.bin"), longer);
        Files.write(target.resolve("empty"), new byte[] {1, 2, 3});
        try (Holdfast h = open()) {
            RestoreResult refused =
                    h.restore(snap.hex() + ":" + src, target, RestoreOptions.DEFAULTS, BackupProgress.NONE);
            assertThat(refused.errors()).isEmpty();
            assertThat(refused.kept()).hasSize(2).allMatch(e -> e.contains("exists, not replaced (use --overwrite)"));
            assertThat(Files.size(target.resolve("sub/half.bin"))).isEqualTo(longer.length);
            assertThat(Files.size(target.resolve("empty"))).isEqualTo(3);
            RestoreResult r = h.restore(
                    snap.hex() + ":" + src, target, RestoreOptions.DEFAULTS.withOverwrite(true), BackupProgress.NONE);
            assertThat(r.errors()).isEmpty();
        }
        TestData.assertSameTree(src, target);
    }

    private static Holdfast open() throws IOException {
        return Holdfast.open(repo.toString(), History.PASSWORD, History.OPTIONS, false);
    }

    private static long sizeOf(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        try (var s = Files.walk(root)) {
            s.filter(Files::isRegularFile).forEach(files::add);
        }
        long n = 0;
        for (Path p : files) {
            n += Files.size(p);
        }
        return n;
    }
}

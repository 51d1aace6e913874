package io.holdfast.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.engine.BackupOptions;
import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.BackupResult;
import io.holdfast.engine.CheckOptions;
import io.holdfast.engine.RestoreOptions;
import io.holdfast.engine.RestoreResult;
import io.holdfast.format.Compression;
import io.holdfast.format.crypto.KeyFile;
import io.holdfast.repository.RepositoryOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Holdfast and the real restic 0.14 binary read each other's repositories. */
class ResticInteropTest {
    static final String PASSWORD = "interop-secret";
    static final RepositoryOptions FAST_KDF = RepositoryOptions.DEFAULTS.withKdf(new KeyFile.KdfParams(1 << 12, 8, 1));

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "compression {0}")
    @CsvSource({"AUTO", "OFF", "MAX"})
    void resticChecksAndRestoresWhatHoldfastWrote(Compression compression) throws Exception {
        Path src = TestData.sourceTree(tmp.resolve("src"), 1, 12 << 20);
        Path repoDir = tmp.resolve("repo");
        RepositoryOptions opts = FAST_KDF.withCompression(compression);
        BackupResult first;
        try (Holdfast h = Holdfast.init(repoDir.toString(), PASSWORD, InitOptions.DEFAULTS, opts)) {
            first = h.backup(BackupOptions.DEFAULTS.withPaths(src), BackupProgress.NONE);
        }
        assertThat(first.errors()).isEmpty();
        // a second, incremental backup with one changed and one new file
        Files.writeString(src.resolve("dataset/text/doc0.txt"), "changed\n");
        Files.writeString(src.resolve("new.txt"), "new file\n");
        BackupResult second;
        try (Holdfast h = Holdfast.open(repoDir.toString(), PASSWORD, opts, false)) {
            second = h.backup(BackupOptions.DEFAULTS.withPaths(src), BackupProgress.NONE);
        }
        assertThat(second.parent()).isEqualTo(first.snapshotId());
        assertThat(second.filesUnmodified()).isGreaterThan(50);
        assertThat(second.filesNew()).isEqualTo(1);
        assertThat(second.filesChanged()).isEqualTo(1);

        Restic restic = new Restic(repoDir, PASSWORD);
        restic.ok("check", "--read-data");
        Path target = tmp.resolve("restic-restore");
        restic.ok("restore", second.snapshotId().hex(), "--target", target.toString());
        TestData.assertSameTree(src, target.resolve(src.toString().substring(1)));
        String snapshots = restic.ok("snapshots", "--json").out();
        assertThat(snapshots)
                .contains(first.snapshotId().hex())
                .contains(second.snapshotId().hex());
    }

    @org.junit.jupiter.api.Test
    void resticReadsAFastCdcRepository() throws Exception {
        Path src = TestData.sourceTree(tmp.resolve("src"), 4, 20 << 20);
        Path repoDir = tmp.resolve("repo");
        var ext = io.holdfast.format.FormatJson.mapper().createObjectNode().put("chunker", "fastcdc");
        BackupResult r;
        try (Holdfast h = Holdfast.init(repoDir.toString(), PASSWORD, new InitOptions(2, ext), FAST_KDF)) {
            assertThat(h.repository().chunkerSpec().kind())
                    .isEqualTo(io.holdfast.format.chunker.ChunkerSpec.Kind.FASTCDC);
            r = h.backup(BackupOptions.DEFAULTS.withPaths(src), BackupProgress.NONE);
        }
        Restic restic = new Restic(repoDir, PASSWORD);
        restic.ok("check", "--read-data");
        Path target = tmp.resolve("restic-restore");
        restic.ok("restore", r.snapshotId().hex(), "--target", target.toString());
        TestData.assertSameTree(src, target.resolve(src.toString().substring(1)));
    }

    @ParameterizedTest(name = "restic repository version {0}")
    @CsvSource({"2", "1"})
    void holdfastRestoresWhatResticWrote(int version) throws Exception {
        Path src = TestData.sourceTree(tmp.resolve("src"), 2, 9 << 20);
        Path repoDir = tmp.resolve("repo");
        Restic restic = new Restic(repoDir, PASSWORD);
        restic.ok("init", "--repository-version", Integer.toString(version));
        restic.ok("backup", src.toString());
        Path target = tmp.resolve("holdfast-restore");
        try (Holdfast h = Holdfast.open(repoDir.toString(), PASSWORD, FAST_KDF, false)) {
            assertThat(h.check(CheckOptions.READ_DATA, BackupProgress.NONE).errors())
                    .isEmpty();
            RestoreResult r = h.restore("latest", target, RestoreOptions.DEFAULTS, BackupProgress.NONE);
            assertThat(r.errors()).isEmpty();
        }
        TestData.assertSameTree(src, target.resolve(src.toString().substring(1)));
    }

    @ParameterizedTest(name = "dedup against restic, repository version {0}")
    @CsvSource({"2"})
    void holdfastDeduplicatesAgainstResticSnapshots(int version) throws Exception {
        Path src = TestData.sourceTree(tmp.resolve("src"), 3, 24 << 20);
        Path repoDir = tmp.resolve("repo");
        Restic restic = new Restic(repoDir, PASSWORD);
        restic.ok("init", "--repository-version", Integer.toString(version));
        restic.ok("backup", src.toString());
        try (Holdfast h = Holdfast.open(repoDir.toString(), PASSWORD, FAST_KDF, false)) {
            BackupResult r = h.backup(BackupOptions.DEFAULTS.withPaths(src).withForce(true), BackupProgress.NONE);
            // every file was read again (force), and every chunk was found in restic's packs
            assertThat(r.filesUnmodified()).isZero();
            assertThat(r.dataBlobs()).isZero();
        }
        restic.ok("check", "--read-data");
    }
}

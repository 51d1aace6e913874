package io.holdfast.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.holdfast.engine.BackupOptions;
import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.BackupResult;
import io.holdfast.engine.Copier;
import io.holdfast.engine.CopyOptions;
import io.holdfast.engine.CopyResult;
import io.holdfast.engine.Snapshots;
import io.holdfast.format.Id;
import io.holdfast.format.snapshot.Snapshot;
import io.holdfast.repository.RepositoryOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * copy between repositories: Holdfast to Holdfast with different chunker polynomials (blobs as they are, and cut
 * again with --rechunk) and restic to Holdfast; the destination passes {@code restic check --read-data} and restores
 * byte-identical with restic; copying again transfers nothing.
 */
class CopyTest {
    private static final String PASSWORD = ResticInteropTest.PASSWORD;
    private static final RepositoryOptions OPTS = ResticInteropTest.FAST_KDF;

    @TempDir
    Path tmp;

    private Holdfast init(String name) throws Exception {
        return Holdfast.init(tmp.resolve(name).toString(), PASSWORD, InitOptions.DEFAULTS, OPTS);
    }

    private Holdfast open(String name) throws Exception {
        return Holdfast.open(tmp.resolve(name).toString(), PASSWORD, OPTS, false);
    }

    private static BackupResult backup(Holdfast h, Path src) throws Exception {
        BackupResult r = h.backup(BackupOptions.DEFAULTS.withPaths(src), BackupProgress.NONE);
        assertThat(r.errors()).isEmpty();
        return r;
    }

    /** restic restores {@code snapshot} from {@code repo} into a fresh directory and it matches {@code src}. */
    private void resticRestoresIdentically(String repo, Id snapshot, Path src) throws Exception {
        Path target = Files.createTempDirectory(tmp, "restore");
        new Restic(tmp.resolve(repo), PASSWORD).ok("restore", snapshot.hex(), "--target", target.toString());
        TestData.assertSameTree(src, target.resolve(src.toString().substring(1)));
    }

    @Test
    void copiesBetweenRepositoriesWithDifferentPolynomials() throws Exception {
        Path src = TestData.sourceTree(tmp.resolve("src"), 11, 6 << 20);
        Id first;
        try (Holdfast a = init("a")) {
            first = backup(a, src).snapshotId();
        }
        Files.writeString(src.resolve("dataset/text/doc1.txt"), "edited\n");
        Id second;
        try (Holdfast a = open("a")) {
            second = backup(a, src).snapshotId();
        }
        try (Holdfast a = open("a");
                Holdfast b = init("b")) {
            assertThat(Copier.sameChunker(a.repository(), b.repository())).isFalse();
            CopyResult r = b.copyFrom(a, CopyOptions.ALL, Copier.Listener.NONE);
            assertThat(r.copied()).extracting(CopyResult.Copied::source).containsExactly(first, second);
            assertThat(r.dataBlobs()).isPositive();
            assertThat(r.treeBlobs()).isPositive();
            for (CopyResult.Copied c : r.copied()) {
                Snapshot copy = b.snapshot(c.copy().hex()).snapshot();
                Snapshot original = a.snapshot(c.source().hex()).snapshot();
                assertThat(copy.original()).isEqualTo(c.source());
                assertThat(copy.parent()).isNull();
                assertThat(copy.tree()).isEqualTo(original.tree());
                assertThat(copy.time()).isEqualTo(original.time());
                assertThat(copy.paths()).isEqualTo(original.paths());
            }

            CopyResult again = b.copyFrom(a, CopyOptions.ALL, Copier.Listener.NONE);
            assertThat(again.copied()).isEmpty();
            assertThat(again.skipped()).extracting(CopyResult.Skipped::source).containsExactly(first, second);
            assertThat(again.dataBlobs() + again.treeBlobs()).isZero();
            assertThat(b.snapshots()).hasSize(2);
        }
        Restic restic = new Restic(tmp.resolve("b"), PASSWORD);
        restic.ok("check", "--read-data");
        Id copyOfSecond;
        try (Holdfast b = open("b")) {
            copyOfSecond = b.snapshot("latest").id();
        }
        resticRestoresIdentically("b", copyOfSecond, src);
    }

    @Test
    void rechunkingCutsFilesWithTheDestinationsChunker() throws Exception {
        Path src = TestData.sourceTree(tmp.resolve("src"), 12, 9 << 20);
        try (Holdfast a = init("a")) {
            backup(a, src);
        }
        // two destinations that backed up the same files themselves, with their own polynomials
        try (Holdfast plain = init("plain");
                Holdfast rechunked = init("rechunked")) {
            backup(plain, src);
            backup(rechunked, src);
        }
        try (Holdfast a = open("a");
                Holdfast plain = open("plain");
                Holdfast rechunked = open("rechunked")) {
            // copied as they are, the large file's chunks are new to the destination
            CopyResult asIs = plain.copyFrom(a, CopyOptions.ALL, Copier.Listener.NONE);
            assertThat(asIs.dataBlobs()).isPositive();
            // cut again, every chunk is one the destination has already
            CopyResult cut = rechunked.copyFrom(a, CopyOptions.ALL.withRechunk(true), Copier.Listener.NONE);
            assertThat(cut.copied()).hasSize(1);
            assertThat(cut.rechunked()).isTrue();
            assertThat(cut.dataBlobs()).isZero();
            Snapshot copy = rechunked.snapshot(cut.copied().get(0).copy().hex()).snapshot();
            assertThat(copy.tree()).isNotEqualTo(a.snapshot("latest").snapshot().tree());

            CopyResult again = rechunked.copyFrom(a, CopyOptions.ALL.withRechunk(true), Copier.Listener.NONE);
            assertThat(again.copied()).isEmpty();
            assertThat(again.skipped()).hasSize(1);
            assertThat(again.dataBlobs() + again.treeBlobs()).isZero();
        }
        new Restic(tmp.resolve("rechunked"), PASSWORD).ok("check", "--read-data");
        Id copyId;
        try (Holdfast rechunked = open("rechunked")) {
            List<Snapshots.Ref> all = rechunked.snapshots();
            copyId = all.stream()
                    .filter(r -> r.snapshot().original() != null)
                    .findFirst()
                    .orElseThrow()
                    .id();
        }
        resticRestoresIdentically("rechunked", copyId, src);
    }

    @Test
    void copiesAResticRepositoryIntoHoldfast() throws Exception {
        Path src = TestData.sourceTree(tmp.resolve("src"), 13, 5 << 20);
        Restic source = new Restic(tmp.resolve("restic"), PASSWORD);
        source.ok("init", "--repository-version", "2");
        source.ok("backup", "--tag", "from-restic", src.toString());
        Files.writeString(src.resolve("new.txt"), "new\n");
        source.ok("backup", src.toString());
        try (Holdfast r = open("restic");
                Holdfast dst = init("dst")) {
            CopyResult first = dst.copyFrom(r, CopyOptions.ALL.withSnapshots(List.of("latest")), Copier.Listener.NONE);
            assertThat(first.copied()).hasSize(1);
            CopyResult rest = dst.copyFrom(r, CopyOptions.ALL, Copier.Listener.NONE);
            assertThat(rest.copied()).hasSize(1);
            assertThat(rest.skipped()).hasSize(1);
            assertThat(dst.snapshots()).hasSize(2);
            assertThat(dst.snapshots().get(0).snapshot().tags()).containsExactly("from-restic");
            CopyResult again = dst.copyFrom(r, CopyOptions.ALL, Copier.Listener.NONE);
            assertThat(again.copied()).isEmpty();
            assertThat(again.dataBlobs() + again.treeBlobs()).isZero();
        }
        new Restic(tmp.resolve("dst"), PASSWORD).ok("check", "--read-data");
        Id latest;
        try (Holdfast dst = open("dst")) {
            latest = dst.snapshot("latest").id();
        }
        resticRestoresIdentically("dst", latest, src);
    }

    @Test
    void anUnknownChunkerStopsWritingButNotReading() throws Exception {
        Path src = TestData.sourceTree(tmp.resolve("src"), 14, 1 << 20);
        var unknown = io.holdfast.format.FormatJson.mapper().createObjectNode().put("chunker", "future-cdc");
        try (Holdfast future =
                        Holdfast.init(tmp.resolve("future").toString(), PASSWORD, new InitOptions(2, unknown), OPTS);
                Holdfast a = init("a")) {
            backup(a, src);
            assertThat(Copier.sameChunker(a.repository(), future.repository())).isFalse();
            assertThatThrownBy(() -> future.copyFrom(a, CopyOptions.ALL, Copier.Listener.NONE))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("future-cdc");
            assertThat(future.repository().list(io.holdfast.storage.FileType.PACK))
                    .isEmpty();
            // as a source it is fine: copying out needs no chunker
            assertThat(a.copyFrom(future, CopyOptions.ALL, Copier.Listener.NONE).copied())
                    .isEmpty();
        }
    }
}

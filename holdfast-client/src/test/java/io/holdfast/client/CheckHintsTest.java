package io.holdfast.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.engine.BackupOptions;
import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.CheckOptions;
import io.holdfast.engine.CheckResult;
import io.holdfast.engine.maintenance.MaintenanceProgress;
import io.holdfast.engine.maintenance.PruneOptions;
import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.format.index.IndexFile;
import io.holdfast.format.pack.PackWriter;
import io.holdfast.format.pack.PackedBlob;
import io.holdfast.repository.Repository;
import io.holdfast.storage.FileType;
import io.holdfast.storage.Handle;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The non-critical states restic's fixtures hold (repo-unreferenced-data, repo-obsolete-index, repo-mixed), made with
 * Holdfast: 'check' passes with restic's hints, as the real restic does on the same repository, and the command the
 * hint names tidies it.
 */
class CheckHintsTest {
    @TempDir
    Path tmp;

    Path repo;
    Restic restic;

    @BeforeEach
    void backup() throws Exception {
        Path src = TestData.sourceTree(tmp.resolve("src"), 11, 3 << 20);
        repo = tmp.resolve("repo");
        restic = new Restic(repo, ResticInteropTest.PASSWORD);
        try (Holdfast h = Holdfast.init(
                repo.toString(), ResticInteropTest.PASSWORD, InitOptions.DEFAULTS, ResticInteropTest.FAST_KDF)) {
            h.backup(BackupOptions.DEFAULTS.withPaths(src), BackupProgress.NONE);
        }
    }

    private Holdfast open() throws Exception {
        return Holdfast.open(repo.toString(), ResticInteropTest.PASSWORD, ResticInteropTest.FAST_KDF, false);
    }

    private CheckResult check(CheckOptions opts) throws Exception {
        try (Holdfast h = open()) {
            return h.check(opts, BackupProgress.NONE);
        }
    }

    @Test
    void anUnreferencedUndecryptablePackIsAHintForPruneNotAnError() throws Exception {
        byte[] junk = new byte[4096];
        new Random(3).nextBytes(junk);
        Id id = Id.hash(junk);
        Path pack = repo.resolve("data").resolve(id.hex().substring(0, 2)).resolve(id.hex());
        Files.write(pack, junk);

        for (CheckOptions opts : List.of(CheckOptions.STRUCTURE, CheckOptions.READ_DATA)) {
            CheckResult r = check(opts);
            assertThat(r.errors()).as("%s", opts).isEmpty();
            assertThat(r.warnings()).containsExactly("pack " + id.hex() + ": not referenced in any index");
            assertThat(r.hints())
                    .containsExactly("1 additional files were found in the repo, which likely contain duplicate data."
                            + " This is non-critical, you can run 'holdfast prune' to correct this");
            assertThat(r.suggestPrune()).isTrue();
            assertThat(r.suggestRepairIndex()).isFalse();
        }
        assertThat(restic.run("check", "--read-data").exit()).isZero();

        try (Holdfast h = open()) {
            h.prune(PruneOptions.DEFAULTS, MaintenanceProgress.NONE);
        }
        assertThat(pack).doesNotExist();
        CheckResult after = check(CheckOptions.READ_DATA);
        assertThat(after.errors()).isEmpty();
        assertThat(after.hints()).isEmpty();
    }

    @Test
    void packsListedInTwoIndexFilesGetRepairIndexHintAsInRestic() throws Exception {
        Id copy;
        List<Id> originals;
        try (Holdfast h = open()) {
            Repository r = h.repository();
            originals = r.list(FileType.INDEX);
            copy = r.saveJson(FileType.INDEX, r.loadJson(FileType.INDEX, originals.getFirst()));
        }
        CheckResult r = check(CheckOptions.READ_DATA);
        assertThat(r.errors()).isEmpty();
        String indexes = "{"
                + List.of(copy.shortHex(), originals.getFirst().shortHex()).stream()
                        .sorted()
                        .collect(Collectors.joining(" "))
                + "}";
        assertThat(r.hints())
                .isNotEmpty()
                .last()
                .isEqualTo("Duplicate packs are non-critical, you can run 'holdfast repair index' to correct this");
        assertThat(r.hints().subList(0, r.hints().size() - 1))
                .allMatch(l -> l.matches("pack [0-9a-f]{64} contained in several indexes: .*"))
                .allMatch(l -> l.endsWith(indexes));
        assertThat(r.suggestRepairIndex()).isTrue();

        Restic.Result rc = restic.run("check");
        assertThat(rc.exit()).isZero();
        assertThat(rc.out()).contains("contained in several indexes: " + indexes);

        try (Holdfast h = open()) {
            h.repairIndex(false, MaintenanceProgress.NONE);
        }
        assertThat(check(CheckOptions.STRUCTURE).hints()).isEmpty();
    }

    @Test
    void aPackMixingTreeAndDataBlobsGetsPruneHintAsInRestic() throws Exception {
        Id mixed;
        try (Holdfast h = open()) {
            mixed = repackIntoOneMixedPack(h.repository());
        }
        CheckResult r = check(CheckOptions.READ_DATA);
        assertThat(r.errors()).isEmpty();
        assertThat(r.hints())
                .containsExactly(
                        "pack " + mixed.shortHex() + " contains a mix of tree and data blobs",
                        "Mixed packs with tree and data blobs are non-critical, you can run 'holdfast prune' to correct"
                                + " this");
        assertThat(r.suggestPrune()).isTrue();
        Restic.Result rc = restic.run("check", "--read-data");
        assertThat(rc.exit()).isZero();
        assertThat(rc.out()).contains("pack " + mixed.shortHex() + " contains a mix of tree and data blobs");

        try (Holdfast h = open()) {
            h.prune(PruneOptions.DEFAULTS, MaintenanceProgress.NONE);
        }
        CheckResult after = check(CheckOptions.READ_DATA);
        assertThat(after.errors()).isEmpty();
        assertThat(after.hints()).isEmpty();
        assertThat(restic.run("check", "--read-data").out()).doesNotContain("mix of tree and data");
    }

    /** Copies every blob of every pack into one new pack, indexes only it, and deletes the old packs and indexes. */
    private static Id repackIntoOneMixedPack(Repository r) throws Exception {
        PackWriter w = new PackWriter(1 << 20);
        Set<BlobType> types = new java.util.HashSet<>();
        List<Id> oldIndexes = r.list(FileType.INDEX);
        List<Id> oldPacks = new ArrayList<>();
        for (Id idx : oldIndexes) {
            for (IndexFile.Pack p :
                    IndexFile.parse(r.loadJson(FileType.INDEX, idx), "index").packs()) {
                byte[] bytes = r.backend().load(new Handle(FileType.PACK, p.id().hex()));
                for (PackedBlob b : p.blobs()) {
                    w.add(b.type(), b.id(), bytes, (int) b.offset(), b.length(), b.uncompressedLength());
                    types.add(b.type());
                }
                oldPacks.add(p.id());
            }
        }
        assertThat(types).containsExactlyInAnyOrder(BlobType.DATA, BlobType.TREE);
        PackWriter.Finished f = w.finish(r.crypto());
        r.backend().save(new Handle(FileType.PACK, f.id().hex()), ByteBuffer.wrap(f.bytes(), 0, f.length()));
        r.saveJson(FileType.INDEX, new IndexFile(List.of(), List.of(new IndexFile.Pack(f.id(), f.blobs()))).toJson());
        for (Id idx : oldIndexes) {
            r.backend().remove(new Handle(FileType.INDEX, idx.hex()));
        }
        for (Id p : oldPacks) {
            r.backend().remove(new Handle(FileType.PACK, p.hex()));
        }
        return f.id();
    }
}

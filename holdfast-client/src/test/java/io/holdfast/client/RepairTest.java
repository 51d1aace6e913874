package io.holdfast.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.CheckOptions;
import io.holdfast.engine.CheckResult;
import io.holdfast.engine.RestoreOptions;
import io.holdfast.engine.Snapshots;
import io.holdfast.engine.maintenance.BlobRef;
import io.holdfast.engine.maintenance.MaintenanceProgress;
import io.holdfast.engine.maintenance.PruneOptions;
import io.holdfast.engine.maintenance.RepairIndexResult;
import io.holdfast.engine.maintenance.RepairPacksResult;
import io.holdfast.engine.maintenance.RepairSnapshotsOptions;
import io.holdfast.engine.maintenance.RepairSnapshotsResult;
import io.holdfast.engine.maintenance.SnapshotRepairer;
import io.holdfast.format.Id;
import io.holdfast.format.pack.PackedBlob;
import io.holdfast.format.tree.NodeType;
import io.holdfast.repository.IndexFiles;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** repair index, repair snapshots and repair packs on repositories damaged the ways check reports. */
class RepairTest {
    @org.junit.jupiter.api.io.TempDir
    Path tmp;

    Path repo;
    Path src;
    Id snapshot;

    @BeforeEach
    void backup() throws Exception {
        src = TestData.sourceTree(tmp.resolve("src"), 51, 6 << 20);
        repo = tmp.resolve("repo");
        try (Holdfast h = Holdfast.init(repo.toString(), PruneTest.PASSWORD, InitOptions.DEFAULTS, PruneTest.OPTS)) {
            snapshot = PruneTest.backup(h, src);
        }
    }

    Holdfast open() throws IOException {
        return Holdfast.open(repo.toString(), PruneTest.PASSWORD, PruneTest.OPTS, false);
    }

    CheckResult check(CheckOptions opts) throws IOException {
        try (Holdfast h = open()) {
            return h.check(opts, BackupProgress.NONE);
        }
    }

    /** The index entries of a pack. */
    List<PackedBlob> entries(Id pack) throws IOException {
        try (Holdfast h = open()) {
            return IndexFiles.load(h.repository(), false).packs().get(pack);
        }
    }

    /** Source-relative paths of the files of {@code snap} holding any of {@code blobs}. */
    Set<String> filesHolding(Id snap, Set<Id> blobs) throws IOException {
        Set<String> out = new HashSet<>();
        try (Holdfast h = open()) {
            h.ls(snap.hex(), (path, node) -> {
                if (node.type() == NodeType.FILE
                        && node.content() != null
                        && node.content().stream().anyMatch(blobs::contains)) {
                    out.add(path.substring(src.toString().length() + 1));
                }
                return true;
            });
        }
        return out;
    }

    /** Restores {@code snap}: files not in {@code damaged} are identical, damaged ones are shorter. */
    void assertRestoresUndamagedFiles(Id snap, Set<String> damaged) throws IOException {
        Path target = Files.createTempDirectory(tmp, "restore");
        try (Holdfast h = open()) {
            assertThat(h.restore(snap.hex(), target, RestoreOptions.DEFAULTS, BackupProgress.NONE)
                            .errors())
                    .isEmpty();
        }
        Path restored = target.resolve(src.toString().substring(1));
        Map<String, String> expected = new TreeMap<>(TestData.describe(src, true));
        Map<String, String> actual = new TreeMap<>(TestData.describe(restored, true));
        for (String d : damaged) {
            assertThat(Files.size(restored.resolve(d))).as(d).isLessThan(Files.size(src.resolve(d)));
            expected.remove(d);
            actual.remove(d);
        }
        assertThat(actual).isEqualTo(expected);
    }

    static Id packId(Path pack) {
        return Id.parse(pack.getFileName().toString());
    }

    @ParameterizedTest(name = "read all packs: {0}")
    @ValueSource(booleans = {false, true})
    void repairIndexAfterAllIndexFilesWereDeleted(boolean readAllPacks) throws Exception {
        int packs = RepoFiles.files(repo, "data").size();
        for (Path idx : RepoFiles.files(repo, "index")) {
            RepoFiles.delete(idx);
        }
        assertThat(check(CheckOptions.STRUCTURE).errors()).anyMatch(e -> e.contains("not in any index"));

        RepairIndexResult r;
        try (Holdfast h = open()) {
            r = h.repairIndex(readAllPacks, MaintenanceProgress.NONE);
        }
        assertThat(r.packsIndexed()).isEqualTo(packs);
        assertThat(r.packsRead()).isEqualTo(packs);
        assertThat(r.problems()).isEmpty();
        assertThat(r.indexFilesWritten())
                .isEqualTo(RepoFiles.files(repo, "index").size());
        CheckResult check = check(CheckOptions.READ_DATA);
        assertThat(check.errors()).isEmpty();
        assertThat(check.warnings()).isEmpty();
        assertRestoresUndamagedFiles(snapshot, Set.of());
    }

    @Test
    void repairIndexKeepsMatchingEntriesAndDropsMissingPacks() throws Exception {
        Path pack = RepoFiles.largestPack(repo);
        RepoFiles.delete(pack);
        RepairIndexResult r;
        try (Holdfast h = open()) {
            r = h.repairIndex(false, MaintenanceProgress.NONE);
        }
        assertThat(r.packsRead()).isZero();
        assertThat(r.packsForgotten()).isEqualTo(1);
        CheckResult check = check(CheckOptions.STRUCTURE);
        assertThat(check.errors()).noneMatch(e -> e.contains("missing from storage"));
        assertThat(check.errors()).anyMatch(e -> e.contains("not in any index"));
    }

    @Test
    void repairSnapshotsAfterADataPackWasDeleted() throws Exception {
        Path pack = RepoFiles.largestPack(repo);
        Set<Id> lost = new HashSet<>();
        entries(packId(pack)).forEach(b -> lost.add(b.id()));
        Set<String> damaged = filesHolding(snapshot, lost);
        assertThat(damaged).contains("model.bin");
        RepoFiles.delete(pack);
        try (Holdfast h = open()) {
            h.repairIndex(false, MaintenanceProgress.NONE);
        }

        Map<String, Long> before = RepoFiles.listing(repo);
        RepairSnapshotsResult dry;
        try (Holdfast h = open()) {
            dry = h.repairSnapshots(new RepairSnapshotsOptions(true, false, List.of()), MaintenanceProgress.NONE);
        }
        assertThat(dry.modified()).isEqualTo(1);
        assertThat(dry.snapshots().get(0).changes()).anyMatch(c -> c.contains("model.bin") && c.contains("removed"));
        assertThat(RepoFiles.listing(repo)).as("a dry run changes nothing").isEqualTo(before);

        RepairSnapshotsResult r;
        try (Holdfast h = open()) {
            r = h.repairSnapshots(RepairSnapshotsOptions.DEFAULTS, MaintenanceProgress.NONE);
        }
        RepairSnapshotsResult.Repaired one = r.snapshots().get(0);
        assertThat(one.outcome()).isEqualTo(RepairSnapshotsResult.Outcome.REPAIRED);
        Id repaired = one.replacement();
        assertThat(repaired).isNotNull();
        try (Holdfast h = open()) {
            Snapshots.Ref ref = h.snapshot(repaired.hex());
            assertThat(ref.snapshot().tags()).contains(SnapshotRepairer.TAG);
            assertThat(ref.snapshot().original()).isEqualTo(snapshot);
            assertThat(ref.snapshot().paths()).containsExactly(src.toString());
            assertThat(h.snapshots()).hasSize(2); // the original is kept without --forget
        }
        RepoFiles.delete(repo.resolve("snapshots").resolve(snapshot.hex()));

        assertThat(check(CheckOptions.READ_DATA).errors()).isEmpty();
        assertRestoresUndamagedFiles(repaired, damaged);
    }

    @Test
    void repairSnapshotsWithForgetReplacesTheOriginalAndPruneThenSucceeds() throws Exception {
        Path pack = RepoFiles.largestPack(repo);
        Set<Id> lost = new HashSet<>();
        entries(packId(pack)).forEach(b -> lost.add(b.id()));
        Set<String> damaged = filesHolding(snapshot, lost);
        RepoFiles.delete(pack);
        RepairSnapshotsResult r;
        try (Holdfast h = open()) {
            h.repairIndex(false, MaintenanceProgress.NONE);
            r = h.repairSnapshots(new RepairSnapshotsOptions(false, true, List.of("latest")), MaintenanceProgress.NONE);
            assertThat(h.snapshots()).hasSize(1);
            assertThat(h.snapshots().get(0).snapshot().tags()).doesNotContain(SnapshotRepairer.TAG);
        }
        Id repaired = r.snapshots().get(0).replacement();
        assertThat(RepoFiles.files(repo, "snapshots")).hasSize(1);
        assertThat(check(CheckOptions.READ_DATA).errors()).isEmpty();
        try (Holdfast h = open()) {
            h.prune(PruneOptions.DEFAULTS, MaintenanceProgress.NONE);
        }
        CheckResult check = check(CheckOptions.READ_DATA);
        assertThat(check.errors()).isEmpty();
        assertThat(check.warnings()).isEmpty();
        assertRestoresUndamagedFiles(repaired, damaged);
        // restic reads the repaired trees and snapshot
        Restic restic = new Restic(repo, PruneTest.PASSWORD);
        restic.ok("check", "--read-data");
        Path target = tmp.resolve("restic-restore");
        restic.ok("restore", repaired.hex(), "--target", target.toString());
        Path restored = target.resolve(src.toString().substring(1));
        for (String f : List.of("dataset/text/doc1.txt", "run.sh", "empty.txt")) {
            if (!damaged.contains(f)) {
                assertThat(restored.resolve(f)).hasSameBinaryContentAs(src.resolve(f));
            }
        }
        for (String d : damaged) {
            assertThat(Files.size(restored.resolve(d))).isLessThan(Files.size(src.resolve(d)));
        }
    }

    @Test
    void repairPacksSalvagesTheIntactBlobsOfABitFlippedPack() throws Exception {
        Path pack = RepoFiles.largestPack(repo);
        Id packId = packId(pack);
        List<PackedBlob> blobs = entries(packId);
        PackedBlob first =
                blobs.stream().filter(b -> b.offset() == 0).findFirst().orElseThrow();
        assertThat(first.length()).isGreaterThan(200);
        long packSize = Files.size(pack);
        pack.toFile().setWritable(true);
        try (RandomAccessFile f = new RandomAccessFile(pack.toFile(), "rw")) {
            f.seek(100);
            int v = f.read();
            f.seek(100);
            f.write(v ^ 0x10);
        }
        assertThat(check(CheckOptions.READ_DATA).errors()).anyMatch(e -> e.contains(packId.hex()));
        Set<String> damaged = filesHolding(snapshot, Set.of(first.id()));
        assertThat(damaged).isNotEmpty();

        Path copies = Files.createDirectories(tmp.resolve("copies"));
        RepairPacksResult r;
        try (Holdfast h = open()) {
            r = h.repairPacks(List.of(packId), copies, MaintenanceProgress.NONE);
        }
        assertThat(r.packsRemoved()).containsExactly(packId);
        assertThat(r.lost()).containsExactly(BlobRef.of(first));
        assertThat(r.blobsSalvaged()).isEqualTo(blobs.size() - 1);
        assertThat(r.copies()).containsExactly(copies.resolve("pack-" + packId.hex()));
        assertThat(Files.size(copies.resolve("pack-" + packId.hex()))).isEqualTo(packSize);
        assertThat(pack).doesNotExist();
        assertThat(check(CheckOptions.READ_DATA).errors())
                .isNotEmpty()
                .allMatch(e -> e.contains(first.id().hex()) || e.startsWith("snapshot "));

        try (Holdfast h = open()) {
            RepairSnapshotsResult rs =
                    h.repairSnapshots(new RepairSnapshotsOptions(false, true, List.of()), MaintenanceProgress.NONE);
            assertThat(rs.modified()).isEqualTo(1);
            snapshot = rs.snapshots().get(0).replacement();
        }
        CheckResult check = check(CheckOptions.READ_DATA);
        assertThat(check.errors()).isEmpty();
        assertRestoresUndamagedFiles(snapshot, damaged);
        new Restic(repo, PruneTest.PASSWORD).ok("check", "--read-data");
    }
}

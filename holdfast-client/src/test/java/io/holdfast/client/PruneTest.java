package io.holdfast.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.holdfast.engine.BackupOptions;
import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.CheckOptions;
import io.holdfast.engine.CheckResult;
import io.holdfast.engine.RestoreOptions;
import io.holdfast.engine.maintenance.MaintenanceProgress;
import io.holdfast.engine.maintenance.MaxUnused;
import io.holdfast.engine.maintenance.PackInfo;
import io.holdfast.engine.maintenance.PruneOptions;
import io.holdfast.engine.maintenance.PruneResult;
import io.holdfast.engine.maintenance.PruneStats;
import io.holdfast.engine.maintenance.RepairNeededException;
import io.holdfast.format.Id;
import io.holdfast.repository.RepositoryOptions;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prune after snapshots were deleted: what it frees, and that what is left checks clean and restores identical. */
class PruneTest {
    static final String PASSWORD = ResticInteropTest.PASSWORD;
    /** Small packs, so that a few MiB of data make many packs. */
    static final RepositoryOptions OPTS = ResticInteropTest.FAST_KDF.withPackSize(1 << 20);

    @TempDir
    Path tmp;

    Path repo;
    Path a;
    Path b;
    Path c;
    Id snapA;
    Id snapB;
    Id snapC;

    /** Three snapshots: a, b (unrelated to a) and c (a with half of its model changed and some documents edited). */
    @BeforeEach
    void threeSnapshots() throws Exception {
        a = TestData.sourceTree(tmp.resolve("a"), 11, 6 << 20);
        b = TestData.sourceTree(tmp.resolve("b"), 12, 4 << 20);
        c = TestData.sourceTree(tmp.resolve("c"), 11, 6 << 20);
        changeSecondHalf(c.resolve("model.bin"), 99);
        for (int i = 0; i < 10; i++) {
            Files.writeString(c.resolve("dataset/text/doc" + i + ".txt"), "edited " + i + "\n");
        }
        repo = tmp.resolve("repo");
        try (Holdfast h = Holdfast.init(repo.toString(), PASSWORD, InitOptions.DEFAULTS, OPTS)) {
            snapA = backup(h, a);
            snapB = backup(h, b);
            snapC = backup(h, c);
        }
    }

    static Id backup(Holdfast h, Path src) throws IOException {
        return h.backup(BackupOptions.DEFAULTS.withPaths(src), BackupProgress.NONE)
                .snapshotId();
    }

    static void changeSecondHalf(Path file, long seed) throws IOException {
        byte[] noise = new byte[(int) (Files.size(file) / 2)];
        new Random(seed).nextBytes(noise);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(f.length() - noise.length);
            f.write(noise);
        }
    }

    Holdfast open() throws IOException {
        return Holdfast.open(repo.toString(), PASSWORD, OPTS, false);
    }

    void deleteSnapshot(Id id) throws IOException {
        RepoFiles.delete(repo.resolve("snapshots").resolve(id.hex()));
    }

    PruneResult prune(PruneOptions opts) throws IOException {
        try (Holdfast h = open()) {
            return h.prune(opts, MaintenanceProgress.NONE);
        }
    }

    CheckResult check() throws IOException {
        try (Holdfast h = open()) {
            return h.check(CheckOptions.READ_DATA, BackupProgress.NONE);
        }
    }

    void assertRestoresIdentical(Id snapshot, Path src) throws IOException {
        Path target = Files.createTempDirectory(tmp, "restore");
        try (Holdfast h = open()) {
            assertThat(h.restore(snapshot.hex(), target, RestoreOptions.DEFAULTS, BackupProgress.NONE)
                            .errors())
                    .isEmpty();
        }
        TestData.assertSameTree(src, target.resolve(src.toString().substring(1)));
    }

    @Test
    void pruneFreesWhatDeletedSnapshotsUsedAndKeepsTheRestRestorable() throws Exception {
        deleteSnapshot(snapA);
        deleteSnapshot(snapB);
        long before = RepoFiles.packBytes(repo);

        PruneResult r = prune(PruneOptions.DEFAULTS);

        assertThat(r.dryRun()).isFalse();
        assertThat(r.snapshots()).isEqualTo(1);
        assertThat(r.plan().ids(PackInfo.Action.DELETE))
                .as("b's packs are wholly unused")
                .isNotEmpty();
        assertThat(r.plan().ids(PackInfo.Action.REPACK))
                .as("a's packs are partly used by c")
                .isNotEmpty();
        assertThat(r.blobsCopied()).isPositive();
        assertThat(r.packsWritten()).isPositive();
        assertThat(r.packsDeleted())
                .isEqualTo(r.plan().ids(PackInfo.Action.DELETE).size()
                        + r.plan().ids(PackInfo.Action.REPACK).size());
        for (Id gone : r.plan().ids(PackInfo.Action.REPACK)) {
            assertThat(repo.resolve("data/" + gone.hex().substring(0, 2) + "/" + gone.hex()))
                    .doesNotExist();
        }
        long after = RepoFiles.packBytes(repo);
        assertThat(after).isLessThan(before - (4 << 20)); // at least b's model is gone

        CheckResult check = check();
        assertThat(check.errors()).isEmpty();
        assertThat(check.warnings()).as("no unreferenced packs are left").isEmpty();
        assertRestoresIdentical(snapC, c);

        PruneResult again = prune(PruneOptions.DEFAULTS);
        assertThat(again.plan().nothingToDo())
                .as("a second prune finds nothing: %s", again.plan().packs())
                .isTrue();
        // restic's --max-unused semantics: the first prune repacks the most wasteful packs until the unused bytes left
        // are within the tolerated 5 %, so a partly used pack may keep a few unused blobs (how many depends on how the
        // parallel backup grouped blobs into packs); what is left must be within that bound, and no more
        PruneStats left = again.plan().stats();
        assertThat(left.unusedBytes()).isLessThanOrEqualTo(MaxUnused.DEFAULT.limit(left.usedBytes()));
    }

    @Test
    void withUnlimitedUnusedSpaceOnlyWhollyUnusedPacksGo() throws Exception {
        deleteSnapshot(snapA);
        deleteSnapshot(snapB);
        PruneResult r = prune(PruneOptions.DEFAULTS.withMaxUnused(io.holdfast.engine.maintenance.MaxUnused.UNLIMITED));
        assertThat(r.plan().ids(PackInfo.Action.DELETE)).isNotEmpty();
        assertThat(r.plan().packs(PackInfo.Action.REPACK))
                .allMatch(p -> p.kind() != PackInfo.Kind.DATA, "only tree packs are repacked");
        assertThat(check().errors()).isEmpty();
        assertRestoresIdentical(snapC, c);
    }

    @Test
    void dryRunChangesNothing() throws Exception {
        deleteSnapshot(snapA);
        Map<String, Long> before = RepoFiles.listing(repo);
        PruneResult r = prune(PruneOptions.DEFAULTS.withDryRun(true));
        assertThat(r.dryRun()).isTrue();
        assertThat(r.plan().nothingToDo()).isFalse();
        assertThat(r.plan().stats().prunedBytes()).isPositive();
        assertThat(r.packsDeleted()).isZero();
        assertThat(RepoFiles.listing(repo)).isEqualTo(before);
        assertThat(RepoFiles.files(repo, "locks")).isEmpty();
    }

    @Test
    void unreferencedPacksAreDeletedAndIndexedOnesKept() throws Exception {
        // a pack no index names, as an interrupted backup leaves: copy an existing pack under another name
        Path pack = RepoFiles.largestPack(repo);
        byte[] bytes = Files.readAllBytes(pack);
        bytes[0] ^= 1;
        Id stray = Id.hash(bytes);
        Path strayPath = Files.createDirectories(
                        repo.resolve("data/" + stray.hex().substring(0, 2)))
                .resolve(stray.hex());
        Files.write(strayPath, bytes);
        assertThat(check().warnings()).anyMatch(w -> w.contains(stray.hex()));

        PruneResult r = prune(PruneOptions.DEFAULTS);
        assertThat(r.plan().ids(PackInfo.Action.DELETE_UNREFERENCED)).containsExactly(stray);
        assertThat(strayPath).doesNotExist();
        CheckResult check = check();
        assertThat(check.errors()).isEmpty();
        assertThat(check.warnings()).isEmpty();
        assertRestoresIdentical(snapA, a);
    }

    @Test
    void refusesToPruneWhenDataASnapshotNeedsIsMissing() throws Exception {
        Path pack = RepoFiles.largestPack(repo);
        RepoFiles.delete(pack);
        Map<String, Long> before = RepoFiles.listing(repo);
        assertThatThrownBy(() -> prune(PruneOptions.DEFAULTS))
                .isInstanceOf(RepairNeededException.class)
                .hasMessageContaining("missing from storage")
                .hasMessageContaining("repair index");
        assertThat(RepoFiles.listing(repo)).isEqualTo(before);
    }

    @Test
    void refusesToPruneWhenASnapshotCannotBeRead() throws Exception {
        deleteSnapshot(snapA);
        Path snap = repo.resolve("snapshots").resolve(snapC.hex());
        snap.toFile().setWritable(true);
        Files.write(snap, new byte[] {1, 2, 3});
        Map<String, Long> before = RepoFiles.listing(repo);
        assertThatThrownBy(() -> prune(PruneOptions.DEFAULTS)).hasMessageContaining(snapC.hex());
        assertThat(RepoFiles.listing(repo)).isEqualTo(before);
    }
}

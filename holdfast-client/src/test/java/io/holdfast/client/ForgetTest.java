package io.holdfast.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.holdfast.engine.BackupOptions;
import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.ForgetOptions;
import io.holdfast.engine.ForgetPolicy;
import io.holdfast.engine.RestoreOptions;
import io.holdfast.engine.SnapshotFilter;
import io.holdfast.engine.SnapshotGroups;
import io.holdfast.engine.Snapshots;
import io.holdfast.format.Id;
import io.holdfast.format.snapshot.Snapshot;
import io.holdfast.repository.LockFailedException;
import io.holdfast.repository.RepositoryLock;
import io.holdfast.storage.FileType;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** forget through the client facade, on a real repository: plan, then remove snapshot files only. */
class ForgetTest {
    private static final String PASSWORD = ResticInteropTest.PASSWORD;

    @TempDir
    Path tmp;

    Path src;
    Path repoDir;
    List<Id> snapshots;

    /** A backup, plus five more snapshots of the same tree one day apart; the backup itself is the newest. */
    @BeforeEach
    void sixDailySnapshots() throws Exception {
        src = TestData.sourceTree(tmp.resolve("src"), 7, 2 << 20);
        repoDir = tmp.resolve("repo");
        try (Holdfast h =
                Holdfast.init(repoDir.toString(), PASSWORD, InitOptions.DEFAULTS, ResticInteropTest.FAST_KDF)) {
            h.backup(BackupOptions.DEFAULTS.withPaths(src), BackupProgress.NONE);
            Snapshots.Ref backup = h.snapshots().get(0);
            for (int day = 1; day <= 5; day++) {
                Snapshot older = backup.snapshot().toBuilder()
                        .time(backup.snapshot().time().minusDays(day))
                        .build();
                h.repository().saveJson(FileType.SNAPSHOT, older.toJson());
            }
            snapshots = h.snapshots().stream().map(Snapshots.Ref::id).toList();
        }
        assertThat(snapshots).hasSize(6);
    }

    private Holdfast open() throws Exception {
        return Holdfast.open(repoDir.toString(), PASSWORD, ResticInteropTest.FAST_KDF, false);
    }

    private Set<Id> files(Holdfast h) throws Exception {
        return new HashSet<>(h.repository().list(FileType.SNAPSHOT));
    }

    private static ForgetOptions keepLast(int n) {
        return ForgetOptions.of(ForgetPolicy.builder().keepLast(n).build());
    }

    @Test
    void aDryRunChangesNothing() throws Exception {
        try (Holdfast h = open()) {
            Set<Id> before = files(h);
            ForgetResult r = h.forget(keepLast(2).withDryRun(true), false);
            assertThat(r.plan().toRemove()).hasSize(4);
            assertThat(r.removed()).isEmpty();
            assertThat(r.dryRun()).isTrue();
            assertThat(files(h)).isEqualTo(before);
            assertThat(h.repository().list(FileType.LOCK)).isEmpty();
        }
    }

    @Test
    void forgetRemovesExactlyThePlannedSnapshotsAndTheRestStillRestore() throws Exception {
        List<Id> planned;
        try (Holdfast h = open()) {
            ForgetOptions opts = new ForgetOptions(
                    ForgetPolicy.builder()
                            .keepLast(1)
                            .keep(ForgetPolicy.Period.DAILY, 3)
                            .build(),
                    SnapshotFilter.ALL,
                    SnapshotGroups.GroupBy.DEFAULT,
                    List.of(),
                    false);
            planned = h.forget(opts.withDryRun(true), false).plan().toRemove();
            Set<Id> before = files(h);
            ForgetResult r = h.forget(opts, false);
            assertThat(r.removed()).containsExactlyInAnyOrderElementsOf(planned);
            assertThat(r.plan().groups()).hasSize(1);
            assertThat(r.plan().groups().get(0).keep()).hasSize(3);
            Set<Id> expected = new HashSet<>(before);
            planned.forEach(expected::remove);
            assertThat(files(h)).isEqualTo(expected);
            // the three newest remain
            assertThat(expected).containsExactlyInAnyOrderElementsOf(snapshots.subList(3, 6));
            for (Id id : expected) {
                Path target = tmp.resolve("restore-" + id.shortHex());
                assertThat(h.restore(id.hex(), target, RestoreOptions.DEFAULTS, BackupProgress.NONE)
                                .errors())
                        .isEmpty();
                TestData.assertSameTree(src, target.resolve(src.toString().substring(1)));
            }
        }
        Restic restic = new Restic(repoDir, PASSWORD);
        restic.ok("check", "--read-data");
        String listed = restic.ok("snapshots", "--json").out();
        for (Id id : snapshots) {
            assertThat(listed.contains(id.hex())).as(id.shortHex()).isEqualTo(!planned.contains(id));
        }
    }

    @Test
    void namedSnapshotsAreRemovedWhateverThePolicy() throws Exception {
        try (Holdfast h = open()) {
            Id victim = snapshots.get(2);
            ForgetOptions opts = new ForgetOptions(
                    ForgetPolicy.builder().keepLast(10).build(),
                    SnapshotFilter.ALL,
                    SnapshotGroups.GroupBy.DEFAULT,
                    List.of(victim.hex().substring(0, 10)),
                    false);
            assertThat(h.forget(opts, false).removed()).containsExactly(victim);
            assertThat(files(h)).hasSize(5).doesNotContain(victim);
        }
    }

    @Test
    void anEmptyPolicyRemovesNothing() throws Exception {
        try (Holdfast h = open()) {
            ForgetResult r = h.forget(ForgetOptions.of(ForgetPolicy.EMPTY), false);
            assertThat(r.plan().groups()).isEmpty();
            assertThat(r.removed()).isEmpty();
            assertThat(files(h)).hasSize(6);
        }
    }

    @Test
    void pruneRunsAfterTheSnapshotsAreRemovedInsideTheExclusiveLock() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<String> seen = new ArrayList<>();
        ForgetPruner pruner = (repo, dryRun) -> {
            calls.incrementAndGet();
            seen.add("snapshots=" + repo.list(FileType.SNAPSHOT).size() + " dry=" + dryRun);
            List<RepositoryLock.Held> locks = RepositoryLock.list(repo);
            assertThat(locks).hasSize(1);
            assertThat(locks.get(0).lock().exclusive()).isTrue();
        };
        try (Holdfast h = open()) {
            assertThat(h.forget(keepLast(4), true, pruner).pruned()).isTrue();
            // nothing removed: no prune
            assertThat(h.forget(keepLast(4), true, pruner).pruned()).isFalse();
            assertThat(h.forget(keepLast(1).withDryRun(true), true, pruner).pruned())
                    .isTrue();
        }
        assertThat(calls).hasValue(2);
        assertThat(seen).containsExactly("snapshots=4 dry=false", "snapshots=4 dry=true");
    }

    @Test
    void anotherLockStopsForget() throws Exception {
        try (Holdfast h = open();
                Holdfast other = open();
                RepositoryLock shared = RepositoryLock.acquire(other.repository(), false, Clock.systemDefaultZone())) {
            assertThatThrownBy(() -> h.forget(keepLast(1), false)).isInstanceOf(LockFailedException.class);
            assertThatThrownBy(() -> h.forget(keepLast(1).withDryRun(true), false))
                    .isInstanceOf(LockFailedException.class);
            assertThat(files(h)).hasSize(6);
        }
    }

    @Test
    void withoutLockingOnlyADryRunIsAllowed() throws Exception {
        try (Holdfast h = Holdfast.open(repoDir.toString(), PASSWORD, ResticInteropTest.FAST_KDF, true)) {
            assertThatThrownBy(() -> h.forget(keepLast(1), false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--dry-run");
            assertThat(h.forget(keepLast(1).withDryRun(true), false).plan().toRemove())
                    .hasSize(5);
            assertThat(files(h)).hasSize(6);
        }
    }

    @Test
    void filtersAndGroupsSelectWhatThePolicySees() throws Exception {
        try (Holdfast h = open()) {
            Snapshots.Ref newest = h.snapshots().get(5);
            OffsetDateTime t = newest.snapshot().time().plusHours(1);
            h.repository()
                    .saveJson(
                            FileType.SNAPSHOT,
                            newest.snapshot().toBuilder()
                                    .hostname("other-host")
                                    .time(t)
                                    .build()
                                    .toJson());
            ForgetOptions perHost = keepLast(1);
            assertThat(h.forget(perHost.withDryRun(true), false).plan().groups())
                    .hasSize(2);
            ForgetOptions oneGroup = new ForgetOptions(
                    perHost.policy(), SnapshotFilter.ALL, SnapshotGroups.GroupBy.parse(""), List.of(), true);
            assertThat(h.forget(oneGroup, false).plan().toRemove()).hasSize(6);
            ForgetOptions onlyOther = new ForgetOptions(
                    perHost.policy(),
                    new SnapshotFilter(List.of("other-host"), List.of(), List.of()),
                    SnapshotGroups.GroupBy.DEFAULT,
                    List.of(),
                    false);
            assertThat(h.forget(onlyOther, false).removed()).isEmpty();
        }
    }
}

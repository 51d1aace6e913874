package io.holdfast.engine.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.holdfast.engine.TestRepositories;
import io.holdfast.engine.maintenance.MaintenanceProgress;
import io.holdfast.format.CorruptDataException;
import io.holdfast.format.Id;
import io.holdfast.repository.Repository;
import io.holdfast.storage.FileType;
import io.holdfast.storage.Handle;
import io.holdfast.storage.LockMode;
import io.holdfast.storage.LockState;
import io.holdfast.storage.ObjectLocking;
import io.holdfast.storage.RetentionRule;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hold log and lock extension over a real local repository; the locks themselves are kept by a map standing in
 * for S3 Object Lock (which S3ObjectLockTest and ObjectLockIT test against a real server).
 */
class HoldsAndLocksTest {
    @TempDir
    Path tmp;

    private Repository repo;

    @BeforeEach
    void init() throws Exception {
        repo = TestRepositories.init(tmp.resolve("repo"));
    }

    @AfterEach
    void close() throws Exception {
        repo.close();
    }

    private static Id id(String s) {
        return Id.hash(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aSnapshotIsHeldWhileItsLatestEventIsAnAdd() throws Exception {
        Instant t = Instant.parse("2026-12-05T10:00:00Z");
        Holds.record(repo, new Holds.Event(id("a"), Holds.Action.ADD, "case 1", "ann", "h", t));
        Holds.record(repo, new Holds.Event(id("b"), Holds.Action.ADD, "case 2", "bob", "h", t.plusSeconds(1)));
        Holds.record(repo, new Holds.Event(id("a"), Holds.Action.REMOVE, "closed", "ann", "h", t.plusSeconds(2)));
        Holds.record(repo, new Holds.Event(id("a"), Holds.Action.ADD, "reopened", "cy", "h", t.plusSeconds(3)));
        Holds.record(repo, new Holds.Event(id("b"), Holds.Action.REMOVE, "", "bob", "h", t.plusSeconds(4)));

        List<Holds.Event> log = Holds.events(repo);
        assertThat(log).extracting(Holds.Event::reason).containsExactly("case 1", "case 2", "closed", "reopened", "");
        Map<Id, Holds.Event> held = Holds.current(repo);
        assertThat(held).containsOnlyKeys(id("a"));
        assertThat(held.get(id("a")).user()).isEqualTo("cy");
        assertThat(repo.list(FileType.HOLD)).hasSize(5);
        assertThat(tmp.resolve("repo/holdfast/holds")).isDirectory();
    }

    @Test
    void aDamagedHoldRecordIsReportedNotSkipped() throws Exception {
        repo.saveJson(FileType.HOLD, "{\"snapshot\":\"nope\"}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> Holds.current(repo)).isInstanceOf(CorruptDataException.class);
    }

    @Test
    void lockExtensionReLocksOnlyNeededFilesBelowThePeriodAndNeverShortens() throws Exception {
        RetentionRule rule = new RetentionRule(LockMode.COMPLIANCE, 10);
        Instant now = Instant.parse("2026-12-05T12:00:00Z");
        FakeLocks locks = new FakeLocks();
        Handle config = Handle.CONFIG;
        Handle key = new Handle(FileType.KEY, repo.keyId().hex());
        Handle index = new Handle(
                FileType.INDEX,
                repo.saveJson(FileType.INDEX, "{\"packs\":[]}".getBytes()).hex());
        Handle stray = new Handle(FileType.PACK, id("a pack no snapshot needs").hex());
        locks.until.put(config, now.plus(Duration.ofDays(30))); // long enough: left alone
        locks.until.put(key, now.plus(Duration.ofDays(3))); // ends within the period
        repo.backend().save(stray, ByteBuffer.wrap(new byte[] {1}));

        LockExtender.Plan plan = LockExtender.plan(repo, locks, rule, now, MaintenanceProgress.NONE);
        assertThat(plan.needed()).isEqualTo(3);
        assertThat(plan.toExtend()).containsExactlyInAnyOrder(key, index);
        assertThat(plan.target()).isEqualTo(rule.retainUntil(now));
        assertThat(plan.missing()).isEmpty();

        assertThat(LockExtender.execute(repo, locks, plan, MaintenanceProgress.NONE))
                .isEqualTo(2);
        assertThat(locks.until.get(key)).isEqualTo(rule.retainUntil(now));
        assertThat(locks.until.get(config)).isEqualTo(now.plus(Duration.ofDays(30)));
        assertThat(locks.until).doesNotContainKey(stray);
        assertThat(LockExtender.plan(repo, locks, rule, now, MaintenanceProgress.NONE)
                        .toExtend())
                .isEmpty();

        LockStatus.Report status = LockStatus.read(repo, locks, now, 10, MaintenanceProgress.NONE);
        assertThat(status.needed()).isEqualTo(3);
        assertThat(status.neededLocked()).isEqualTo(3);
        assertThat(status.soonest()).hasSize(3);
        assertThat(status.soonest().getFirst().lock().retainUntil()).isEqualTo(rule.retainUntil(now));
    }

    /** Locks kept in a map, with S3's rule that a lock is never shortened. */
    private final class FakeLocks implements ObjectLocking {
        final Map<Handle, Instant> until = new HashMap<>();

        @Override
        public void requireObjectLock() {}

        @Override
        public void retainNewObjects(@Nullable RetentionRule rule) {}

        @Override
        public @Nullable RetentionRule retention() {
            return null;
        }

        @Override
        public synchronized LockState lockState(Handle handle) throws java.io.IOException {
            repo.backend().stat(handle); // NoSuchFileException for a missing file
            Instant u = until.get(handle);
            return u == null ? LockState.NONE : new LockState(LockMode.COMPLIANCE, u, false);
        }

        @Override
        public synchronized boolean extendRetention(Handle handle, LockMode mode, Instant u) {
            Instant current = until.get(handle);
            if (current != null && !current.isBefore(u)) {
                return false;
            }
            until.put(handle, u);
            return true;
        }

        @Override
        public void legalHold(Handle handle, boolean on) throws NoSuchFileException {}
    }
}

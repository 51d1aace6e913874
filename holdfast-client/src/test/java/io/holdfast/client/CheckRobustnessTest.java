package io.holdfast.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.engine.BackupOptions;
import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.BackupResult;
import io.holdfast.engine.CheckOptions;
import io.holdfast.engine.CheckResult;
import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.format.LockFile;
import io.holdfast.format.tree.Node;
import io.holdfast.repository.BlobLocation;
import io.holdfast.repository.Keys;
import io.holdfast.storage.Backend;
import io.holdfast.storage.Fault;
import io.holdfast.storage.FaultInjectingBackend;
import io.holdfast.storage.FaultInjectingBackend.Operation;
import io.holdfast.storage.FaultTrigger;
import io.holdfast.storage.FileType;
import io.holdfast.storage.RetryingBackend;
import io.holdfast.storage.local.LocalBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Check and backup behave when the repository is not pristine: a backup finishing in the middle of a check, a stale
 * lock, a damaged tree shared by snapshots, a damaged pack header, a damaged snapshot file.
 */
class CheckRobustnessTest {
    @TempDir
    Path tmp;

    Path src;
    Path repo;
    History history;

    @BeforeEach
    void twoSnapshots() throws IOException {
        src = TestData.sourceTree(tmp.resolve("src"), 11, 1 << 20);
        repo = tmp.resolve("repo");
        Holdfast.init(repo.toString(), History.PASSWORD, InitOptions.DEFAULTS, History.OPTIONS)
                .close();
        history = new History(repo, src, tmp);
        history.cleanBackup();
        Files.writeString(src.resolve("new.txt"), "only in the second snapshot\n");
        history.cleanBackup();
    }

    private CheckResult check(CheckOptions opts) throws IOException {
        try (Holdfast h = history.open()) {
            return h.check(opts, BackupProgress.NONE);
        }
    }

    /** A whole backup completes just before the check lists files of {@code type}: a concurrent writer's worst case. */
    @ParameterizedTest
    @EnumSource(
            value = FileType.class,
            names = {"SNAPSHOT", "INDEX", "PACK"})
    void backupFinishingDuringACheckCausesNoError(FileType type) throws IOException {
        Files.write(src.resolve("concurrent.bin"), new byte[3 << 20]);
        BackupResult[] concurrent = new BackupResult[1];
        Backend backend = FaultInjectingBackend.builder(LocalBackend.open(repo))
                .sleeper(d -> {
                    try (Holdfast other = history.open()) {
                        concurrent[0] = other.backup(BackupOptions.DEFAULTS.withPaths(src), BackupProgress.NONE);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .inject(Operation.LIST, type, FaultTrigger.onCalls(1), Fault.latency(java.time.Duration.ofMillis(1)))
                .build();
        CheckResult r;
        try (Holdfast h = Holdfast.open(RetryingBackend.wrap(backend), History.PASSWORD, History.OPTIONS, false)) {
            r = h.check(CheckOptions.READ_DATA, BackupProgress.NONE);
        }
        assertThat(concurrent[0]).as("the backup ran inside the check").isNotNull();
        assertThat(r.errors()).isEmpty();
        history.record(concurrent[0].snapshotId());
        assertThat(history.verifySurvived("a backup during check")).isEmpty();
    }

    @Test
    void staleLockOfAGoneProcessIsOnlyAWarning() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        try (Holdfast h = history.open()) {
            LockFile lock = new LockFile(
                    OffsetDateTime.now(ZoneOffset.UTC), true, Keys.hostname(), "someone", gone.pid(), 0, 0);
            h.repository().saveJson(FileType.LOCK, lock.toJson());
        }
        CheckResult r = check(CheckOptions.STRUCTURE);
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).singleElement().asString().contains("stale", "PID " + gone.pid(), "holdfast unlock");
        history.verifySurvived("a stale exclusive lock");
    }

    @Test
    void damagedTreeIsTracedInEverySnapshotThatHasIt() throws IOException {
        // the first backup updates directories' access times, so the second and third share their trees
        Files.writeString(src.resolve("third.txt"), "only in the third snapshot\n");
        history.cleanBackup();
        List<Id> snaps = history.snapshotIds();
        String dataset = src.resolve("dataset").toString();
        BlobLocation loc;
        try (Holdfast h = history.open()) {
            Map<String, Node> second = SnapshotLayout.read(h, snaps.get(1)).nodes();
            Map<String, Node> third = SnapshotLayout.read(h, snaps.get(2)).nodes();
            Id subtree = second.get(dataset).subtree();
            assertThat(third.get(dataset).subtree())
                    .as("shared by both snapshots")
                    .isEqualTo(subtree);
            loc = h.repository().index().lookup(BlobType.TREE, subtree);
        }
        Path pack = repo.resolve(
                "data/" + loc.pack().hex().substring(0, 2) + "/" + loc.pack().hex());
        BitRotTest.flip(pack, loc.offset() + loc.length() / 2, 0x40);
        CheckResult r = check(CheckOptions.STRUCTURE);
        for (Id s : snaps.subList(1, 3)) {
            assertThat(r.errors()).contains("snapshot " + s.shortHex() + ": directory " + dataset + " is damaged");
        }
    }

    @Test
    void damagedPackHeaderLosesNoFile() throws IOException {
        Path pack = BitRotTest.files(repo.resolve("data")).stream()
                .max(java.util.Comparator.comparingLong(p -> p.toFile().length()))
                .orElseThrow();
        byte[] bytes = Files.readAllBytes(pack);
        int n = bytes.length;
        int headerLength = (bytes[n - 4] & 0xff)
                | (bytes[n - 3] & 0xff) << 8
                | (bytes[n - 2] & 0xff) << 16
                | (bytes[n - 1] & 0xff) << 24;
        BitRotTest.flip(pack, n - 4 - headerLength / 2, 0x01);
        CheckResult r = check(CheckOptions.READ_DATA);
        assertThat(r.errors())
                .anyMatch(e -> e.contains("header cannot be read"))
                .noneMatch(e -> e.startsWith("snapshot ") || (e.contains("blob") && e.contains("is damaged")));
        for (Id s : history.snapshotIds()) {
            history.restore(s); // asserts no error
        }
    }

    @Test
    void damagedSnapshotFileIsNamedAndDoesNotStopTheNextBackup() throws IOException {
        List<Id> snaps = history.snapshotIds();
        Id latest = snaps.get(1);
        BitRotTest.flip(repo.resolve("snapshots/" + latest.hex()), 40, 0x08);
        assertThat(check(CheckOptions.STRUCTURE).errors())
                .singleElement()
                .asString()
                .startsWith("snapshots/" + latest.hex() + ": cannot be read");
        try (Holdfast h = history.open()) {
            BackupResult r = h.backup(BackupOptions.DEFAULTS.withPaths(src), BackupProgress.NONE);
            assertThat(r.errors()).isEmpty();
            assertThat(r.parent()).as("the undamaged snapshot is the parent").isEqualTo(snaps.get(0));
        }
    }
}

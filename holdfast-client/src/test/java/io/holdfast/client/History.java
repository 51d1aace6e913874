package io.holdfast.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.engine.BackupOptions;
import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.BackupResult;
import io.holdfast.engine.CheckOptions;
import io.holdfast.engine.CheckResult;
import io.holdfast.engine.RestoreOptions;
import io.holdfast.engine.RestoreResult;
import io.holdfast.engine.Snapshots;
import io.holdfast.format.Id;
import io.holdfast.repository.RepositoryOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The snapshots of one repository with what each must restore to, and the checks that end every trial of a fault
 * or crash harness: {@code check --read-data} finds no error (warnings, such as unreferenced packs, are allowed),
 * every snapshot taken so far restores byte-identically, and the next backup succeeds.
 */
final class History {
    static final String PASSWORD = ResticInteropTest.PASSWORD;
    static final RepositoryOptions OPTIONS = ResticInteropTest.FAST_KDF.withPackSize(1 << 20);

    private final Path repo;
    private final Path src;
    private final Path scratch;
    private final Map<Id, Map<String, String>> expected = new LinkedHashMap<>();
    private int restores;

    History(Path repo, Path src, Path scratch) {
        this.repo = repo;
        this.src = src;
        this.scratch = scratch;
    }

    Holdfast open() throws IOException {
        return Holdfast.open(repo.toString(), PASSWORD, OPTIONS, false);
    }

    /** Remembers that {@code snapshot} holds the source tree as it is now. */
    void record(Id snapshot) throws IOException {
        expected.put(snapshot, TestData.describe(src, true));
    }

    int size() {
        return expected.size();
    }

    /** A backup through the plain (fault-free) backend, recorded; it must succeed completely. */
    Id cleanBackup() throws IOException {
        try (Holdfast h = open()) {
            BackupResult r = h.backup(BackupOptions.DEFAULTS.withPaths(src), BackupProgress.NONE);
            assertThat(r.errors()).isEmpty();
            record(r.snapshotId());
            return r.snapshotId();
        }
    }

    /** The snapshots in the repository now. */
    List<Id> snapshotIds() throws IOException {
        try (Holdfast h = open()) {
            return h.snapshots().stream().map(Snapshots.Ref::id).toList();
        }
    }

    /** Check, restore every snapshot, back up again: the repository survived. Returns the check's warnings. */
    List<String> verifySurvived(String trial) throws IOException {
        CheckResult check;
        try (Holdfast h = open()) {
            check = h.check(CheckOptions.READ_DATA, BackupProgress.NONE);
        }
        assertThat(check.errors()).as("check --read-data after %s", trial).isEmpty();
        assertThat(snapshotIds())
                .as("snapshots after %s", trial)
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (Map.Entry<Id, Map<String, String>> e : expected.entrySet()) {
            assertThat(restore(e.getKey()))
                    .as("snapshot %s after %s", e.getKey().shortHex(), trial)
                    .isEqualTo(e.getValue());
        }
        cleanBackup();
        return check.warnings();
    }

    /** Restores the source directory of {@code snapshot} into a new directory and describes what was restored. */
    Map<String, String> restore(Id snapshot) throws IOException {
        Path target = scratch.resolve("restore-" + restores++);
        try (Holdfast h = open()) {
            RestoreResult r =
                    h.restore(snapshot.hex() + ":" + src, target, RestoreOptions.DEFAULTS, BackupProgress.NONE);
            assertThat(r.errors()).isEmpty();
        }
        Map<String, String> d = TestData.describe(target, true);
        deleteTree(target);
        return d;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                p.toFile().setWritable(true);
                Files.delete(p);
            }
        }
    }
}

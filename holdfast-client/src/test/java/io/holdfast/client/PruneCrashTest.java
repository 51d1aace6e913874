package io.holdfast.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.CheckOptions;
import io.holdfast.engine.CheckResult;
import io.holdfast.engine.RestoreOptions;
import io.holdfast.engine.maintenance.MaintenanceProgress;
import io.holdfast.engine.maintenance.PackInfo;
import io.holdfast.engine.maintenance.PruneOptions;
import io.holdfast.engine.maintenance.PruneResult;
import io.holdfast.engine.maintenance.Pruner;
import io.holdfast.format.Id;
import io.holdfast.repository.Repository;
import io.holdfast.storage.Fault;
import io.holdfast.storage.FaultInjectingBackend;
import io.holdfast.storage.FaultInjectingBackend.Operation;
import io.holdfast.storage.FaultTrigger;
import io.holdfast.storage.FileType;
import io.holdfast.storage.local.LocalBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Prune interrupted at each step of its write order (a failed storage call stands for the crash: nothing after it
 * runs): the repository still checks clean with every remaining snapshot intact, and the next prune finishes the job.
 */
class PruneCrashTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} {1} call {2}: {3}")
    @CsvSource({
        "SAVE,   PACK,  1, PERMANENT", // while repacking (call 1: how many packs a repack writes varies with chunk
        // order)
        "SAVE,   INDEX, 1, FAIL_AFTER_SUCCESS", // new packs indexed
        "SAVE,   INDEX, 2, FAIL_AFTER_SUCCESS", // new full index written, old index files still there
        "REMOVE, INDEX, 1, PERMANENT", // before the old index files go
        "REMOVE, INDEX, 2, FAIL_AFTER_SUCCESS", // some old index files gone
        "REMOVE, PACK,  1, PERMANENT", // index rewritten, no pack deleted yet
        "REMOVE, PACK,  2, FAIL_AFTER_SUCCESS", // some packs deleted
    })
    void anInterruptedPruneLeavesACleanRepositoryAndTheNextOneFinishes(
            Operation op, FileType type, int call, Fault.Kind kind) throws Exception {
        Path a = TestData.sourceTree(tmp.resolve("a"), 31, 5 << 20);
        Path c = TestData.sourceTree(tmp.resolve("c"), 31, 5 << 20);
        PruneTest.changeSecondHalf(c.resolve("model.bin"), 7);
        Path repo = tmp.resolve("repo");
        Id snapA;
        Id snapC;
        try (Holdfast h = Holdfast.init(repo.toString(), PruneTest.PASSWORD, InitOptions.DEFAULTS, PruneTest.OPTS)) {
            snapA = PruneTest.backup(h, a);
            snapC = PruneTest.backup(h, c);
        }
        RepoFiles.delete(repo.resolve("snapshots").resolve(snapA.hex()));

        Fault fault = kind == Fault.Kind.PERMANENT ? Fault.permanentError() : Fault.failAfterSuccess();
        FaultInjectingBackend faulty = FaultInjectingBackend.builder(LocalBackend.open(repo))
                .inject(op, type, FaultTrigger.onCalls(call), fault)
                .build();
        try (Repository r = Repository.open(faulty, PruneTest.PASSWORD, PruneTest.OPTS)) {
            assertThatThrownBy(() -> new Pruner(r, MaintenanceProgress.NONE).prune(PruneOptions.DEFAULTS))
                    .isInstanceOf(IOException.class);
            assertThat(faulty.injectedFaults()).isEqualTo(1);
        }

        CheckResult afterCrash = check(repo);
        assertThat(afterCrash.errors()).as("check after the interrupted prune").isEmpty();
        assertRestores(repo, snapC, c);

        PruneResult finish;
        try (Holdfast h = Holdfast.open(repo.toString(), PruneTest.PASSWORD, PruneTest.OPTS, false)) {
            finish = h.prune(PruneOptions.DEFAULTS, MaintenanceProgress.NONE);
        }
        CheckResult clean = check(repo);
        assertThat(clean.errors()).isEmpty();
        assertThat(clean.warnings())
                .as("leftovers were removed by %s", finish.plan().packs())
                .isEmpty();
        assertRestores(repo, snapC, c);
        try (Holdfast h = Holdfast.open(repo.toString(), PruneTest.PASSWORD, PruneTest.OPTS, false)) {
            PruneResult third = h.prune(PruneOptions.DEFAULTS.withDryRun(true), MaintenanceProgress.NONE);
            assertThat(third.plan().ids(PackInfo.Action.DELETE_UNREFERENCED)).isEmpty();
            assertThat(third.plan().ids(PackInfo.Action.DELETE)).isEmpty();
        }
    }

    private static CheckResult check(Path repo) throws IOException {
        try (Holdfast h = Holdfast.open(repo.toString(), PruneTest.PASSWORD, PruneTest.OPTS, false)) {
            return h.check(CheckOptions.READ_DATA, BackupProgress.NONE);
        }
    }

    private void assertRestores(Path repo, Id snapshot, Path src) throws IOException {
        Path target = Files.createTempDirectory(tmp, "restore");
        try (Holdfast h = Holdfast.open(repo.toString(), PruneTest.PASSWORD, PruneTest.OPTS, false)) {
            assertThat(h.restore(snapshot.hex(), target, RestoreOptions.DEFAULTS, BackupProgress.NONE)
                            .errors())
                    .isEmpty();
        }
        TestData.assertSameTree(src, target.resolve(src.toString().substring(1)));
    }
}

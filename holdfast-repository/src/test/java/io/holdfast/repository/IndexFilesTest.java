package io.holdfast.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.holdfast.format.Id;
import io.holdfast.storage.Fault;
import io.holdfast.storage.FaultInjectingBackend;
import io.holdfast.storage.FaultTrigger;
import io.holdfast.storage.FileType;
import io.holdfast.storage.Handle;
import io.holdfast.storage.local.LocalBackend;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Removing many files at once, as prune deletes its packs. */
class IndexFilesTest {
    @TempDir
    Path tmp;

    @Test
    void removesEveryFileSkipsTheGoneAndThrowsTheFailureOnlyAfterTheOthersAreRemoved() throws Exception {
        Repository.init(LocalBackend.open(tmp), "pw", 2, RepositoryTest.OPTS, Repository.emptyExtensions())
                .close();
        FaultInjectingBackend faulty = FaultInjectingBackend.builder(LocalBackend.open(tmp))
                .inject(
                        FaultInjectingBackend.Operation.REMOVE,
                        FileType.PACK,
                        FaultTrigger.onCalls(3),
                        Fault.permanentError())
                .build();
        try (Repository repo = Repository.open(faulty, "pw", RepositoryTest.OPTS)) {
            assertThat(repo.options().connections())
                    .as("removals run concurrently")
                    .isGreaterThan(1);
            List<Id> ids = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                byte[] data = ("pack " + i).getBytes(StandardCharsets.UTF_8);
                Id id = Id.hash(data);
                repo.backend().save(new Handle(FileType.PACK, id.hex()), ByteBuffer.wrap(data));
                ids.add(id);
            }
            ids.add(Id.hash("never saved".getBytes(StandardCharsets.UTF_8)));

            assertThatThrownBy(() -> IndexFiles.remove(repo, FileType.PACK, ids))
                    .isInstanceOf(java.nio.file.AccessDeniedException.class);
            assertThat(repo.list(FileType.PACK))
                    .as("every removal but the failed one went through before the failure was thrown")
                    .hasSize(1);

            assertThat(IndexFiles.remove(repo, FileType.PACK, ids))
                    .as("a second run removes the one left and counts no file already gone")
                    .isEqualTo(1);
            assertThat(repo.list(FileType.PACK)).isEmpty();
        }
    }
}

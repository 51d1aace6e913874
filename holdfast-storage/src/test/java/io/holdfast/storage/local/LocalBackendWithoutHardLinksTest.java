package io.holdfast.storage.local;

import static io.holdfast.storage.BackendTesting.bytes;
import static io.holdfast.storage.BackendTesting.save;
import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.storage.Backend;
import io.holdfast.storage.BackendContractTest;
import io.holdfast.storage.FileType;
import io.holdfast.storage.Handle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link LocalBackend} keeps the contract on its fallback for filesystems without hard links, where it renames the
 * temporary file after checking that the name is free.
 */
class LocalBackendWithoutHardLinksTest extends BackendContractTest {

    @Override
    protected Backend newBackend(Path directory) {
        return new LocalBackend(directory, FileSync.SYSTEM, false);
    }

    @Test
    void leavesOnlyTheFinalFile() throws IOException {
        Handle pack = save(backend(), FileType.PACK, bytes(100, 1));

        Path file = directory().resolve(pack.path());
        assertThat(file).hasBinaryContent(bytes(100, 1));
        try (Stream<Path> files = Files.walk(directory())) {
            assertThat(files.filter(Files::isRegularFile)).containsExactly(file);
        }
        if (Files.getFileStore(file).supportsFileAttributeView("unix")) {
            assertThat(Files.getAttribute(file, "unix:nlink")).isEqualTo(1);
        }
    }
}

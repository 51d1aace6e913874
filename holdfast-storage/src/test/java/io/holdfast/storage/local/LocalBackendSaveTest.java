package io.holdfast.storage.local;

import static io.holdfast.storage.BackendTesting.bytes;
import static io.holdfast.storage.BackendTesting.handle;
import static io.holdfast.storage.BackendTesting.list;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.holdfast.storage.FileType;
import io.holdfast.storage.Handle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@link LocalBackend} makes saves durable, and that a save failing midway leaves nothing behind. */
class LocalBackendSaveTest {
    private final byte[] content = bytes(100_000, 1);
    private final Handle handle = handle(FileType.PACK, content);
    private final List<String> events = new ArrayList<>();
    private Path root;
    private Path target;
    private boolean failFileSync;
    private boolean failDirectorySync;
    private boolean competeDuringFileSync;

    /** Records each sync, with what it sees at that moment, then really syncs or fails as told. */
    private final FileSync recording = new FileSync() {
        @Override
        public void file(FileChannel channel, Path path) throws IOException {
            events.add("file " + path.getFileName() + " size=" + channel.size() + " visible=" + Files.exists(target));
            if (competeDuringFileSync) {
                Files.write(target, bytes(10, 3)); // another process saves the same name meanwhile
            }
            if (failFileSync) {
                throw new IOException("cannot fsync " + path + ": Input/output error (injected)");
            }
            FileSync.SYSTEM.file(channel, path);
        }

        @Override
        public void directory(Path dir) throws IOException {
            events.add("directory " + root.relativize(dir) + " visible=" + Files.exists(target) + " temporary="
                    + temporaryFiles().size());
            if (failDirectorySync) {
                throw new IOException("cannot fsync directory " + dir + ": Input/output error (injected)");
            }
            FileSync.SYSTEM.directory(dir);
        }
    };

    @BeforeEach
    void createRepository(@TempDir Path temp) throws IOException {
        root = temp.resolve("repo");
        target = root.resolve(handle.path());
        backend().create();
    }

    private LocalBackend backend() {
        return new LocalBackend(root, recording, true);
    }

    @Test
    void syncsTheWrittenFileBeforeItIsVisibleAndTheDirectoryAfter() throws IOException {
        backend().save(handle, ByteBuffer.wrap(content));

        assertThat(events).hasSize(2);
        assertThat(events.get(0)).startsWith("file .tmp-" + handle.name()).endsWith(" size=100000 visible=false");
        assertThat(events.get(1))
                .isEqualTo("directory data/" + handle.name().substring(0, 2) + " visible=true temporary=0");
        assertThat(target).hasBinaryContent(content);
    }

    @Test
    void aSaveFailingAtTheFileSyncLeavesNothing() throws IOException {
        failFileSync = true;

        assertThatThrownBy(() -> backend().save(handle, ByteBuffer.wrap(content)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Input/output error");

        assertThat(target).doesNotExist();
        assertThat(temporaryFiles()).isEmpty();
        assertThat(list(backend(), FileType.PACK)).isEmpty();
        assertThat(events).hasSize(1);
        failFileSync = false;
        backend().save(handle, ByteBuffer.wrap(content));
        assertThat(target).hasBinaryContent(content);
    }

    @Test
    void aSaveFailingAtTheDirectorySyncLeavesNothing() throws IOException {
        failDirectorySync = true;

        assertThatThrownBy(() -> backend().save(handle, ByteBuffer.wrap(content)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Input/output error");

        assertThat(target).doesNotExist();
        assertThat(temporaryFiles()).isEmpty();
        assertThatThrownBy(() -> backend().stat(handle)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aSaveIntoAnUnusableDirectoryFailsNamingIt() throws IOException {
        Path keys = root.resolve("keys");
        Files.delete(keys);
        Files.write(keys, new byte[] {1});
        Handle key = handle(FileType.KEY, content);

        assertThatThrownBy(() -> backend().save(key, ByteBuffer.wrap(content)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(keys.toString());

        assertThat(events).isEmpty();
        assertThat(keys).hasBinaryContent(new byte[] {1});
    }

    @Test
    void aRefusedSaveLeavesTheExistingFileAndNoTemporaryOne() throws IOException {
        backend().save(handle, ByteBuffer.wrap(content));
        Files.delete(target);
        Files.write(target, bytes(10, 2)); // as if another process saved it meanwhile

        assertThatThrownBy(() -> backend().save(handle, ByteBuffer.wrap(content)))
                .isInstanceOf(FileAlreadyExistsException.class);

        assertThat(target).hasBinaryContent(bytes(10, 2));
        assertThat(temporaryFiles()).isEmpty();
    }

    @Test
    void aFileAppearingDuringTheSaveIsNotReplaced() throws IOException {
        competeDuringFileSync = true;

        assertThatThrownBy(() -> backend().save(handle, ByteBuffer.wrap(content)))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining(target.toString());

        assertThat(target).hasBinaryContent(bytes(10, 3));
        assertThat(temporaryFiles()).isEmpty();
    }

    @Test
    void syncsRealFilesAndDirectoriesAndNamesWhatItCannotSync() throws IOException {
        Path file = root.resolve("keys").resolve("f");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(content));
            FileSync.SYSTEM.file(channel, file);
        }
        FileSync.SYSTEM.directory(root.resolve("keys"));

        Path missing = root.resolve("missing");
        assertThatThrownBy(() -> FileSync.SYSTEM.directory(missing)).hasMessageContaining(missing.toString());
    }

    private List<Path> temporaryFiles() {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().startsWith(".tmp-"))
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.holdfast.storage.local;

import static io.holdfast.storage.BackendTesting.bytes;
import static io.holdfast.storage.BackendTesting.handle;
import static io.holdfast.storage.BackendTesting.list;
import static io.holdfast.storage.BackendTesting.save;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.holdfast.storage.Backend;
import io.holdfast.storage.BackendContractTest;
import io.holdfast.storage.BackendProperties;
import io.holdfast.storage.FileInfo;
import io.holdfast.storage.FileType;
import io.holdfast.storage.Handle;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/** {@link LocalBackend} keeps the contract, with restic's layout on disk. */
class LocalBackendTest extends BackendContractTest {

    @Override
    protected Backend newBackend(Path directory) {
        return LocalBackend.open(directory);
    }

    @Test
    void createMakesResticsLayout() throws IOException {
        assertThat(names(directory())).containsExactlyInAnyOrder("keys", "locks", "snapshots", "index", "data");
        List<String> packDirectories = IntStream.range(0, 256)
                .mapToObj(i -> HexFormat.of().toHexDigits((byte) i))
                .toList();
        assertThat(names(directory().resolve("data"))).containsExactlyInAnyOrderElementsOf(packDirectories);
        for (String name : packDirectories) {
            assertThat(directory().resolve("data").resolve(name)).isEmptyDirectory();
        }
        for (String name : List.of("keys", "locks", "snapshots", "index")) {
            assertThat(directory().resolve(name)).isEmptyDirectory();
        }
    }

    @Test
    void storesFilesWhereResticDoesReadOnlyAndWithoutLeftovers() throws IOException {
        Backend backend = backend();
        backend.save(Handle.CONFIG, ByteBuffer.wrap(bytes(10, 1)));
        Handle key = save(backend, FileType.KEY, bytes(10, 2));
        Handle pack = save(backend, FileType.PACK, bytes(10, 3));

        Path root = directory();
        Path packDirectory = root.resolve("data").resolve(pack.name().substring(0, 2));
        Path packFile = packDirectory.resolve(pack.name());
        List<Path> files = List.of(root.resolve("config"), root.resolve("keys").resolve(key.name()), packFile);
        for (Path file : files) {
            assertThat(file).isRegularFile();
        }
        assertThat(names(packDirectory)).containsExactly(pack.name());
        assertThat(names(root.resolve("keys"))).containsExactly(key.name());
        if (Files.getFileStore(root).supportsFileAttributeView("posix")) {
            for (Path file : files) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                        .isEqualTo("r--------");
            }
        }
        if (Files.getFileStore(root).supportsFileAttributeView("unix")) {
            assertThat(Files.getAttribute(packFile, "unix:nlink"))
                    .as("temporary name gone")
                    .isEqualTo(1);
        }
    }

    @Test
    void neverListsTemporaryFilesOrDirectories() throws IOException {
        Path keys = directory().resolve("keys");
        Path packs = directory().resolve("data").resolve("00");
        Files.write(keys.resolve(".tmp-" + "a".repeat(64) + "-123"), bytes(5, 4));
        Files.write(packs.resolve(".tmp-00aa-456"), bytes(5, 5));
        Files.createDirectory(keys.resolve("b".repeat(64)));
        Files.write(packs.resolve("00" + "c".repeat(62)), bytes(5, 6));

        assertThat(list(backend(), FileType.KEY)).isEmpty();
        assertThat(list(backend(), FileType.PACK))
                .containsExactly(new FileInfo(new Handle(FileType.PACK, "00" + "c".repeat(62)), 5));
    }

    @Test
    void refusesToSaveUnderATemporaryName() {
        assertThatThrownBy(() -> backend().save(new Handle(FileType.KEY, ".tmp-x"), ByteBuffer.allocate(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void listsNothingWhereDirectoriesAreMissing() throws IOException {
        for (Path packDirectory : paths(directory().resolve("data"))) {
            Files.delete(packDirectory);
        }
        for (FileType type : FileType.values()) {
            if (type != FileType.CONFIG) {
                Files.deleteIfExists(directory().resolve(type.directory())); // holdfast/holds: made on first use
            }
        }
        assertThat(directory().resolve("holdfast")).doesNotExist();

        for (FileType type : FileType.values()) {
            assertThat(list(backend(), type)).as("%s", type).isEmpty();
        }
    }

    @Test
    void recreatesAMissingDirectoryOnSave() throws IOException {
        byte[] content = bytes(100, 7);
        Handle pack = handle(FileType.PACK, content);
        Files.delete(directory().resolve("data").resolve(pack.name().substring(0, 2)));
        Files.delete(directory().resolve("locks"));

        backend().save(pack, ByteBuffer.wrap(content));
        Handle lock = save(backend(), FileType.LOCK, content);

        assertThat(backend().load(pack)).isEqualTo(content);
        assertThat(backend().load(lock)).isEqualTo(content);
    }

    @Test
    void worksThroughASymbolicLink(@TempDir Path temp) throws IOException {
        Path real = Files.createDirectory(temp.resolve("real"));
        Path link;
        try {
            link = Files.createSymbolicLink(temp.resolve("link"), real);
        } catch (UnsupportedOperationException | IOException e) {
            throw new TestAbortedException("no symbolic links here: " + e);
        }
        byte[] content = bytes(1000, 8);
        try (LocalBackend backend = LocalBackend.open(link)) {
            backend.create();
            Handle pack = save(backend, FileType.PACK, content);
            backend.save(Handle.CONFIG, ByteBuffer.wrap(content));

            assertThat(real.resolve("data").resolve(pack.name().substring(0, 2)).resolve(pack.name()))
                    .hasBinaryContent(content);
            assertThat(list(backend, FileType.PACK)).containsExactly(new FileInfo(pack, 1000));
            assertThat(backend.exists()).isTrue();
            assertThatThrownBy(backend::create).isInstanceOf(FileAlreadyExistsException.class);
            backend.remove(pack);
            assertThat(list(LocalBackend.open(real), FileType.PACK)).isEmpty();
        }
    }

    @Test
    void errorsNameThePath() throws IOException {
        Handle missing = handle(FileType.SNAPSHOT, bytes(10, 9));
        Handle present = save(backend(), FileType.SNAPSHOT, bytes(10, 10));
        String missingPath =
                directory().resolve("snapshots").resolve(missing.name()).toString();
        String presentPath =
                directory().resolve("snapshots").resolve(present.name()).toString();

        assertThatThrownBy(() -> backend().load(missing))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(missingPath);
        assertThatThrownBy(() -> backend().stat(missing)).hasMessageContaining(missingPath);
        assertThatThrownBy(() -> backend().remove(missing)).hasMessageContaining(missingPath);
        assertThatThrownBy(() -> backend().load(present, 5, 10))
                .isInstanceOf(EOFException.class)
                .hasMessageContaining(presentPath);
        assertThatThrownBy(() -> backend().save(present, ByteBuffer.wrap(bytes(10, 10))))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining(presentPath);
        backend().save(Handle.CONFIG, ByteBuffer.wrap(bytes(10, 11)));
        assertThatThrownBy(backend()::create)
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining(directory().resolve("config").toString());
    }

    @Test
    void describesItself() {
        assertThat(backend().properties()).isEqualTo(new BackendProperties(2, true));
        assertThat(backend().location()).isEqualTo(directory().toAbsolutePath().toString());
    }

    private static List<Path> paths(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.toList();
        }
    }

    private static List<String> names(Path dir) throws IOException {
        return paths(dir).stream().map(p -> p.getFileName().toString()).toList();
    }
}

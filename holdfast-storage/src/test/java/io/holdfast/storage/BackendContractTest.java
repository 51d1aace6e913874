package io.holdfast.storage;

import static io.holdfast.storage.BackendTesting.bytes;
import static io.holdfast.storage.BackendTesting.hex;
import static io.holdfast.storage.BackendTesting.list;
import static io.holdfast.storage.BackendTesting.runTogether;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The semantics every {@link Backend} promises. A backend's test extends this class and says how to make a backend;
 * every test gets a fresh backend on which {@link Backend#create} has been called. Shipped in this module's test jar,
 * for backends and decorators of other modules.
 */
public abstract class BackendContractTest {
    private Path directory;
    private Backend backend;

    /**
     * A new backend, not yet created, storing its files in or below {@code directory} if it stores files locally. The
     * directory may not exist yet; each call within a test gets a different one.
     */
    protected abstract Backend newBackend(Path directory) throws IOException;

    /**
     * Whether the server decides a create-if-absent atomically with the write, so that of concurrent saves of one
     * name exactly one succeeds. Local storage, S3 and S3Proxy do; moto's threaded server checks {@code
     * If-None-Match} apart from the write, so two concurrent saves can both succeed there (each then stored whole).
     */
    protected boolean createIsAtomic() {
        return true;
    }

    /** The backend under test. */
    protected final Backend backend() {
        return backend;
    }

    /** The directory the backend under test was made with. */
    protected final Path directory() {
        return directory;
    }

    @BeforeEach
    void createBackend(@TempDir Path tempDir) throws IOException {
        directory = tempDir.resolve("repo");
        backend = newBackend(directory);
        backend.create();
    }

    @AfterEach
    void closeBackend() throws IOException {
        backend.close();
    }

    /** A saved file. */
    @SuppressWarnings("ArrayRecordComponent") // never compared
    private record Saved(Handle handle, byte[] content) {
        FileInfo info() {
            return new FileInfo(handle, content.length);
        }
    }

    @Test
    void savedFilesLoadBackForEveryType() throws IOException {
        for (Saved file : saveOneOfEachType()) {
            assertThat(backend.load(file.handle())).as("%s", file.handle()).isEqualTo(file.content());
        }
    }

    @Test
    void savesExactlyTheRemainingBytesAndLeavesTheBufferAsItWas() throws IOException {
        byte[] content = bytes(100, 1);
        ByteBuffer buffer = ByteBuffer.wrap(content, 10, 50);
        Handle handle = BackendTesting.handle(FileType.PACK, Arrays.copyOfRange(content, 10, 60));

        backend.save(handle, buffer);

        assertThat(backend.load(handle)).isEqualTo(Arrays.copyOfRange(content, 10, 60));
        assertThat(buffer.position()).isEqualTo(10);
        assertThat(buffer.limit()).isEqualTo(60);
    }

    @Test
    void loadsRanges() throws IOException {
        byte[] content = bytes(1000, 2);
        Handle handle = save(FileType.PACK, content);

        assertThat(backend.load(handle, 0, 1000)).isEqualTo(content);
        assertThat(backend.load(handle, 100, 50)).isEqualTo(Arrays.copyOfRange(content, 100, 150));
        assertThat(backend.load(handle, 900, -1)).isEqualTo(Arrays.copyOfRange(content, 900, 1000));
        assertThat(backend.load(handle, 999, 1)).containsExactly(content[999]);
        assertThat(backend.load(handle, 1000, 0)).isEmpty();
        assertThat(backend.load(handle, 1000, -1)).isEmpty();
        assertThat(backend.load(handle, 500, 0)).isEmpty();
    }

    @Test
    void loadingPastTheEndThrowsEof() throws IOException {
        Handle handle = save(FileType.INDEX, bytes(1000, 3));

        assertThatThrownBy(() -> backend.load(handle, 990, 20)).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> backend.load(handle, 0, 1001)).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> backend.load(handle, 1001, -1)).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> backend.load(handle, 1001, 0)).isInstanceOf(EOFException.class);
    }

    /** loadInto reads the same ranges into a reused, longer array, leaving the rest of it alone; same errors. */
    @Test
    void loadsRangesIntoAGivenArray() throws IOException {
        byte[] content = bytes(1000, 5);
        Handle handle = save(FileType.PACK, content);
        byte[] dst = new byte[1200];
        Arrays.fill(dst, (byte) 7);

        backend.loadInto(handle, 0, 1000, dst);
        assertThat(Arrays.copyOf(dst, 1000)).isEqualTo(content);
        assertThat(dst[1000]).isEqualTo((byte) 7);
        backend.loadInto(handle, 100, 50, dst);
        assertThat(Arrays.copyOf(dst, 50)).isEqualTo(Arrays.copyOfRange(content, 100, 150));
        assertThat(dst[50]).isEqualTo(content[50]); // what the first read left
        backend.loadInto(handle, 1000, 0, dst);

        assertThatThrownBy(() -> backend.loadInto(handle, 990, 20, dst)).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> backend.loadInto(handle, 1001, 0, dst)).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> backend.loadInto(handle, 0, 1300, dst)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> backend.loadInto(handle, -1, 5, dst)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> backend.loadInto(new Handle(FileType.PACK, "0".repeat(64)), 0, 5, dst))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
    }

    @Test
    void rejectsNegativeOffsets() throws IOException {
        Handle handle = save(FileType.INDEX, bytes(10, 4));

        assertThatThrownBy(() -> backend.load(handle, -1, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void statsSizes() throws IOException {
        for (Saved file : saveOneOfEachType()) {
            assertThat(backend.stat(file.handle())).isEqualTo(file.info());
        }
    }

    @Test
    void listsTheFilesOfEachType() throws IOException {
        List<FileInfo> expected = new ArrayList<>();
        expected.add(new FileInfo(Handle.CONFIG, 7));
        backend.save(Handle.CONFIG, ByteBuffer.wrap(bytes(7, 5)));
        int seed = 100;
        for (FileType type : FileType.values()) {
            int count = type == FileType.CONFIG ? 0 : type == FileType.PACK ? 40 : 3;
            for (int i = 0; i < count; i++) {
                byte[] content = bytes(seed % 97, seed++);
                expected.add(new FileInfo(save(type, content), content.length));
            }
        }
        assertThat(expected.stream()
                        .filter(info -> info.handle().type() == FileType.PACK)
                        .map(info -> info.handle().name().substring(0, 2))
                        .distinct())
                .as("packs in many data/xx directories")
                .hasSizeGreaterThan(20);

        for (FileType type : FileType.values()) {
            assertThat(list(backend, type))
                    .as("%s", type)
                    .containsExactlyInAnyOrderElementsOf(expected.stream()
                            .filter(info -> info.handle().type() == type)
                            .toList());
        }
    }

    @Test
    void listsNothingInAnEmptyRepository() throws IOException {
        for (FileType type : FileType.values()) {
            assertThat(list(backend, type)).as("%s", type).isEmpty();
        }
    }

    @Test
    void listsNothingAndFindsNothingBeforeCreation() throws IOException {
        try (Backend fresh = newBackend(directory.resolveSibling("fresh"))) {
            for (FileType type : FileType.values()) {
                assertThat(list(fresh, type)).as("%s", type).isEmpty();
            }
            assertThat(fresh.exists()).isFalse();
            assertThatThrownBy(() -> fresh.stat(Handle.CONFIG)).isInstanceOf(NoSuchFileException.class);
        }
    }

    @Test
    void neverReplacesAFile() throws IOException {
        byte[] original = bytes(300, 6);
        Handle handle = save(FileType.SNAPSHOT, original);
        backend.save(Handle.CONFIG, ByteBuffer.wrap(original));

        assertThatThrownBy(() -> backend.save(handle, ByteBuffer.wrap(bytes(200, 7))))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThatThrownBy(() -> backend.save(handle, ByteBuffer.wrap(original)))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThatThrownBy(() -> backend.save(Handle.CONFIG, ByteBuffer.wrap(bytes(300, 8))))
                .isInstanceOf(FileAlreadyExistsException.class);

        assertThat(backend.load(handle)).isEqualTo(original);
        assertThat(backend.load(Handle.CONFIG)).isEqualTo(original);
        assertThat(list(backend, FileType.SNAPSHOT)).containsExactly(new FileInfo(handle, 300));
    }

    @Test
    void removesFiles() throws IOException {
        List<Saved> saved = saveOneOfEachType();
        Saved removed = saved.get(saved.size() - 1);
        Saved kept = saved.get(saved.size() - 2);

        backend.remove(removed.handle());

        assertThatThrownBy(() -> backend.stat(removed.handle())).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> backend.load(removed.handle())).isInstanceOf(NoSuchFileException.class);
        assertThat(list(backend, removed.handle().type())).isEmpty();
        assertThat(backend.load(kept.handle())).isEqualTo(kept.content());
        for (Saved file : saved) {
            if (!file.handle().equals(removed.handle())) {
                backend.remove(file.handle());
            }
        }
        for (FileType type : FileType.values()) {
            assertThat(list(backend, type)).as("%s", type).isEmpty();
        }
        assertThat(backend.exists()).isFalse();
        // a removed name may be saved again
        backend.save(removed.handle(), ByteBuffer.wrap(removed.content()));
        assertThat(backend.load(removed.handle())).isEqualTo(removed.content());
    }

    @Test
    void reportsMissingFiles() {
        Handle missing = new Handle(FileType.PACK, hex(bytes(8, 9)));

        assertThatThrownBy(() -> backend.load(missing)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> backend.load(missing, 10, 5)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> backend.stat(missing)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> backend.remove(missing)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> backend.load(Handle.CONFIG)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void existsOnceTheConfigIsSavedAndCreateRefusesThen() throws IOException {
        try (Backend other = newBackend(directory.resolveSibling("other"))) {
            assertThat(other.exists()).isFalse();
            other.create();
            assertThat(other.exists()).isFalse();
            other.create(); // creating again is fine while there is no config

            other.save(Handle.CONFIG, ByteBuffer.wrap(bytes(50, 10)));

            assertThat(other.exists()).isTrue();
            assertThatThrownBy(other::create).isInstanceOf(FileAlreadyExistsException.class);
            assertThat(other.load(Handle.CONFIG)).isEqualTo(bytes(50, 10));
        }
        assertThat(backend.exists()).isFalse();
    }

    @Test
    void savesEmptyFiles() throws IOException {
        Handle handle = save(FileType.LOCK, new byte[0]);

        assertThat(backend.load(handle)).isEmpty();
        assertThat(backend.load(handle, 0, 0)).isEmpty();
        assertThat(backend.stat(handle).size()).isZero();
        assertThat(list(backend, FileType.LOCK)).containsExactly(new FileInfo(handle, 0));
        assertThatThrownBy(() -> backend.load(handle, 0, 1)).isInstanceOf(EOFException.class);
    }

    @Test
    void savesLargeFiles() throws IOException {
        byte[] content = bytes(20 << 20, 11);
        Handle handle = save(FileType.PACK, content);

        assertThat(backend.stat(handle).size()).isEqualTo(20 << 20);
        assertThat(Arrays.equals(backend.load(handle), content)).isTrue();
        int offset = (20 << 20) - 1000;
        assertThat(backend.load(handle, offset, 1000)).isEqualTo(Arrays.copyOfRange(content, offset, 20 << 20));
    }

    @Test
    void savesDifferentFilesConcurrently() throws Exception {
        int threads = 16;
        int perThread = 16;
        List<Callable<List<FileInfo>>> tasks = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            tasks.add(() -> {
                List<FileInfo> saved = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    byte[] content = bytes(1000 + i, 1000L * thread + i);
                    saved.add(new FileInfo(save(FileType.PACK, content), content.length));
                }
                return saved;
            });
        }
        List<FileInfo> expected = new ArrayList<>();
        for (Future<List<FileInfo>> result : runTogether(tasks)) {
            expected.addAll(result.get());
        }

        assertThat(list(backend, FileType.PACK)).containsExactlyInAnyOrderElementsOf(expected);
        for (FileInfo info : expected) {
            assertThat(hex(backend.load(info.handle()))).isEqualTo(info.handle().name());
        }
    }

    @Test
    void concurrentSavesOfOneNameHaveOneWinner() throws Exception {
        for (int round = 0; round < 10; round++) {
            Handle handle = new Handle(FileType.PACK, hex(bytes(32, 5000 + round)));
            List<Callable<byte[]>> tasks = new ArrayList<>();
            for (int t = 0; t < 12; t++) {
                byte[] content = bytes(10_000 + 100 * t, 100L * round + t);
                tasks.add(() -> {
                    backend.save(handle, ByteBuffer.wrap(content));
                    return content;
                });
            }
            List<byte[]> winners = new ArrayList<>();
            for (Future<byte[]> result : runTogether(tasks)) {
                try {
                    winners.add(result.get());
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(FileAlreadyExistsException.class);
                }
            }

            byte[] stored = backend.load(handle);
            if (createIsAtomic()) {
                assertThat(winners).as("round %d", round).hasSize(1);
                assertThat(stored).isEqualTo(winners.get(0));
            } else {
                assertThat(winners).as("round %d", round).isNotEmpty();
                assertThat(winners)
                        .as("round %d: stored is one winner's content, whole", round)
                        .anySatisfy(winner -> assertThat(stored).isEqualTo(winner));
            }
            assertThat(list(backend, FileType.PACK)).containsExactly(new FileInfo(handle, stored.length));
            backend.remove(handle);
        }
    }

    @Test
    void listsNoTemporaryFiles() throws IOException {
        List<Saved> saved = saveOneOfEachType();
        for (Saved file : saved) {
            assertThatThrownBy(() -> backend.save(file.handle(), ByteBuffer.wrap(bytes(10, 12))))
                    .isInstanceOf(FileAlreadyExistsException.class);
        }

        for (FileType type : FileType.values()) {
            assertThat(list(backend, type))
                    .as("%s", type)
                    .containsExactlyInAnyOrderElementsOf(saved.stream()
                            .filter(file -> file.handle().type() == type)
                            .map(Saved::info)
                            .toList());
        }
    }

    private Handle save(FileType type, byte[] content) throws IOException {
        return BackendTesting.save(backend, type, content);
    }

    /** Saves one file of each type, the config included. */
    private List<Saved> saveOneOfEachType() throws IOException {
        List<Saved> saved = new ArrayList<>();
        int seed = 20;
        for (FileType type : FileType.values()) {
            byte[] content = bytes(50 + seed, seed++);
            Handle handle = type == FileType.CONFIG ? Handle.CONFIG : new Handle(type, hex(content));
            backend.save(handle, ByteBuffer.wrap(content));
            saved.add(new Saved(handle, content));
        }
        return saved;
    }
}

package io.holdfast.storage;

import static io.holdfast.storage.BackendTesting.bytes;
import static io.holdfast.storage.BackendTesting.handle;
import static io.holdfast.storage.BackendTesting.list;
import static io.holdfast.storage.BackendTesting.save;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.holdfast.storage.FaultInjectingBackend.Operation;
import io.holdfast.storage.local.LocalBackend;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@link FaultInjectingBackend} without faults keeps the contract; with faults it injects each kind as told. */
class FaultInjectingBackendTest extends BackendContractTest {

    @Override
    protected Backend newBackend(Path directory) {
        return FaultInjectingBackend.builder(LocalBackend.open(directory)).build();
    }

    private LocalBackend local() {
        return LocalBackend.open(directory());
    }

    private FaultInjectingBackend.Builder faulty() {
        return FaultInjectingBackend.builder(local());
    }

    @Test
    void failsTheNthCallWithATransientError() throws IOException {
        FaultInjectingBackend backend = faulty().inject(Operation.SAVE, FaultTrigger.onCalls(2), Fault.transientError())
                .build();
        Handle first = save(backend, FileType.PACK, bytes(10, 1));
        Handle second = handle(FileType.PACK, bytes(10, 2));

        assertThatThrownBy(() -> backend.save(second, ByteBuffer.wrap(bytes(10, 2))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(second.path())
                .satisfies(e ->
                        assertThat(RetryingBackend.isPermanent((IOException) e)).isFalse());
        Handle third = save(backend, FileType.PACK, bytes(10, 3));

        assertThat(list(local(), FileType.PACK)).extracting(FileInfo::handle).containsExactlyInAnyOrder(first, third);
        assertThat(backend.calls(Operation.SAVE)).isEqualTo(3);
        assertThat(backend.injectedFaults()).isEqualTo(1);
    }

    @Test
    void failsPermanently() throws IOException {
        Handle handle = save(local(), FileType.KEY, bytes(10, 4));
        FaultInjectingBackend backend = faulty().inject(Operation.LOAD, FaultTrigger.always(), Fault.permanentError())
                .build();

        assertThatThrownBy(() -> backend.load(handle))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining(handle.path())
                .satisfies(e ->
                        assertThat(RetryingBackend.isPermanent((IOException) e)).isTrue());
        assertThatThrownBy(() -> backend.load(handle)).isInstanceOf(AccessDeniedException.class);
        assertThat(backend.stat(handle).size()).isEqualTo(10);
    }

    @Test
    void fillsTheDisk() throws IOException {
        FaultInjectingBackend backend = faulty().inject(Operation.SAVE, FaultTrigger.always(), Fault.fullDisk())
                .build();

        assertThatThrownBy(() -> save(backend, FileType.INDEX, bytes(10, 5)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("No space left on device")
                .satisfies(e ->
                        assertThat(RetryingBackend.isPermanent((IOException) e)).isTrue());
        assertThat(regularFiles()).isEmpty();
    }

    @Test
    void aShortWriteLeavesNothingVisible() throws IOException {
        FaultInjectingBackend backend = faulty().inject(Operation.SAVE, FaultTrigger.onCalls(1), Fault.shortWrite())
                .build();
        byte[] content = bytes(5000, 6);
        Handle handle = handle(FileType.PACK, content);

        assertThatThrownBy(() -> backend.save(handle, ByteBuffer.wrap(content)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("short write");

        assertThatThrownBy(() -> backend.stat(handle)).isInstanceOf(NoSuchFileException.class);
        assertThat(list(backend, FileType.PACK)).isEmpty();
        assertThat(regularFiles()).isEmpty();
        backend.save(handle, ByteBuffer.wrap(content));
        assertThat(backend.load(handle)).isEqualTo(content);
    }

    @Test
    void failsAfterSucceeding() throws IOException {
        FaultInjectingBackend backend = faulty().inject(
                        Operation.SAVE, FaultTrigger.onCalls(1), Fault.failAfterSuccess())
                .build();
        byte[] content = bytes(100, 7);
        Handle handle = handle(FileType.SNAPSHOT, content);

        assertThatThrownBy(() -> backend.save(handle, ByteBuffer.wrap(content)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(handle.path());

        assertThat(local().load(handle)).isEqualTo(content);
    }

    @Test
    void spikesLatency() throws IOException {
        Handle handle = save(local(), FileType.INDEX, bytes(100, 8));
        RecordingSleeper sleeper = new RecordingSleeper();
        FaultInjectingBackend backend = faulty().sleeper(sleeper)
                .inject(Operation.LOAD, FaultTrigger.onCalls(1, 3), Fault.latency(Duration.ofSeconds(5)))
                .build();

        for (int i = 0; i < 3; i++) {
            assertThat(backend.load(handle)).isEqualTo(bytes(100, 8));
        }

        assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    @Test
    void flipsOneBitOfLoadedDataButNotOfTheStoredFile() throws IOException {
        byte[] content = bytes(4096, 9);
        Handle handle = save(local(), FileType.PACK, content);
        FaultInjectingBackend backend = faulty().seed(3)
                .inject(Operation.LOAD, FaultTrigger.always(), Fault.bitFlip())
                .build();

        byte[] loaded = backend.load(handle);
        byte[] range = backend.load(handle, 100, 50);

        assertThat(differingBits(loaded, content)).isEqualTo(1);
        assertThat(differingBits(range, Arrays.copyOfRange(content, 100, 150))).isEqualTo(1);
        assertThat(local().load(handle)).isEqualTo(content);
        FaultInjectingBackend again = faulty().seed(3)
                .inject(Operation.LOAD, FaultTrigger.always(), Fault.bitFlip())
                .build();
        assertThat(again.load(handle)).as("same seed, same flip").isEqualTo(loaded);
    }

    @Test
    void failsAtRandomReproducibly() throws IOException {
        List<Boolean> first = statFailures(11, 0.3);
        List<Boolean> second = statFailures(11, 0.3);
        List<Boolean> otherSeed = statFailures(12, 0.3);

        assertThat(first).isEqualTo(second).isNotEqualTo(otherSeed);
        assertThat(first.stream().filter(failed -> failed)).hasSizeBetween(40, 80);
        assertThat(statFailures(11, 0)).doesNotContain(true);
        assertThat(statFailures(11, 1)).doesNotContain(false);
    }

    private List<Boolean> statFailures(long seed, double probability) throws IOException {
        Handle handle = save(local(), FileType.KEY, bytes(1, seed));
        FaultInjectingBackend backend = faulty().seed(seed)
                .inject(Operation.STAT, FaultTrigger.withProbability(probability), Fault.transientError())
                .build();
        List<Boolean> failures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            try {
                backend.stat(handle);
                failures.add(false);
            } catch (IOException e) {
                failures.add(true);
            }
        }
        local().remove(handle);
        return failures;
    }

    @Test
    void rulesForOneTypeCountOnlyItsCalls() throws IOException {
        FaultInjectingBackend backend = faulty().inject(
                        Operation.SAVE, FileType.PACK, FaultTrigger.onCalls(2), Fault.transientError())
                .build();

        save(backend, FileType.INDEX, bytes(10, 13));
        save(backend, FileType.PACK, bytes(10, 14));
        save(backend, FileType.INDEX, bytes(10, 15));
        assertThatThrownBy(() -> save(backend, FileType.PACK, bytes(10, 16))).isInstanceOf(IOException.class);
        save(backend, FileType.PACK, bytes(10, 17));

        assertThat(list(local(), FileType.PACK)).hasSize(2);
        assertThat(list(local(), FileType.INDEX)).hasSize(2);
    }

    @Test
    void aBuiltBackendKeepsItsRules() throws IOException {
        FaultInjectingBackend.Builder builder = faulty();
        FaultInjectingBackend clean = builder.build();
        builder.inject(Operation.SAVE, FaultTrigger.always(), Fault.transientError());
        FaultInjectingBackend broken = builder.build();

        save(clean, FileType.LOCK, bytes(10, 18));
        assertThatThrownBy(() -> save(broken, FileType.LOCK, bytes(10, 19))).isInstanceOf(IOException.class);
        assertThat(clean.injectedFaults()).isZero();
        assertThat(broken.injectedFaults()).isEqualTo(1);
    }

    @Test
    void rejectsFaultsThatDoNotFitTheOperation() {
        assertThatThrownBy(() -> faulty().inject(Operation.LOAD, FaultTrigger.always(), Fault.shortWrite()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> faulty().inject(Operation.SAVE, FaultTrigger.always(), Fault.bitFlip()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FaultTrigger.withProbability(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FaultTrigger.onCalls(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fault.latency(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    private static int differingBits(byte[] a, byte[] b) {
        assertThat(a).hasSameSizeAs(b);
        int bits = 0;
        for (int i = 0; i < a.length; i++) {
            bits += Integer.bitCount((a[i] ^ b[i]) & 0xff);
        }
        return bits;
    }

    /** Every regular file below the repository's directory, temporary ones included. */
    private List<Path> regularFiles() throws IOException {
        try (Stream<Path> files = Files.walk(directory())) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}

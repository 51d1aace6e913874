package io.holdfast.storage;

import static io.holdfast.storage.BackendTesting.bytes;
import static io.holdfast.storage.BackendTesting.handle;
import static io.holdfast.storage.BackendTesting.hex;
import static io.holdfast.storage.BackendTesting.list;
import static io.holdfast.storage.BackendTesting.save;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.holdfast.storage.FaultInjectingBackend.Operation;
import io.holdfast.storage.local.LocalBackend;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link RetryingBackend} over a {@link LocalBackend} keeps the contract; over a faulty one it retries. */
class RetryingBackendTest extends BackendContractTest {
    private static final Duration BASE = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofSeconds(1);

    private final RecordingSleeper sleeper = new RecordingSleeper();

    @Override
    protected Backend newBackend(Path directory) {
        return RetryingBackend.builder(LocalBackend.open(directory))
                .sleeper(sleeper)
                .build();
    }

    /** The plain backend under test's retrying one. */
    private LocalBackend local() {
        return LocalBackend.open(directory());
    }

    private RetryingBackend retrying(Backend backend, Sleeper sleeper) {
        return RetryingBackend.builder(backend)
                .baseDelay(BASE)
                .maxDelay(MAX)
                .sleeper(sleeper)
                .seed(1)
                .build();
    }

    @Test
    void retriesTransientFailuresOfSaves() throws IOException {
        FaultInjectingBackend faulty = FaultInjectingBackend.builder(local())
                .inject(Operation.SAVE, FaultTrigger.firstCalls(2), Fault.transientError())
                .build();
        byte[] content = bytes(1000, 1);

        Handle handle = save(retrying(faulty, sleeper), FileType.PACK, content);

        assertThat(local().load(handle)).isEqualTo(content);
        assertThat(faulty.calls(Operation.SAVE)).isEqualTo(3);
        assertThat(sleeper.sleeps()).hasSize(2);
    }

    @Test
    void retriesShortWrites() throws IOException {
        FaultInjectingBackend faulty = FaultInjectingBackend.builder(local())
                .inject(Operation.SAVE, FaultTrigger.onCalls(1), Fault.shortWrite())
                .build();
        byte[] content = bytes(1000, 2);

        Handle handle = save(retrying(faulty, sleeper), FileType.INDEX, content);

        assertThat(local().load(handle)).isEqualTo(content);
        assertThat(faulty.calls(Operation.SAVE)).isEqualTo(2);
    }

    @Test
    void retriesTransientFailuresOfOtherOperations() throws IOException {
        Handle handle = save(local(), FileType.SNAPSHOT, bytes(100, 3));
        FaultInjectingBackend.Builder builder = FaultInjectingBackend.builder(local());
        for (Operation operation : List.of(Operation.CREATE, Operation.LOAD, Operation.STAT, Operation.LIST)) {
            builder.inject(operation, FaultTrigger.onCalls(1), Fault.transientError());
        }
        FaultInjectingBackend faulty = builder.inject(Operation.REMOVE, FaultTrigger.onCalls(1), Fault.transientError())
                .build();
        RetryingBackend backend = retrying(faulty, sleeper);

        backend.create();
        assertThat(backend.load(handle, 10, 20)).isEqualTo(local().load(handle, 10, 20));
        assertThat(backend.stat(handle).size()).isEqualTo(100);
        assertThat(list(backend, FileType.SNAPSHOT)).containsExactly(new FileInfo(handle, 100));
        backend.remove(handle);

        assertThat(list(local(), FileType.SNAPSHOT)).isEmpty();
        for (Operation operation : List.of(Operation.CREATE, Operation.LOAD, Operation.STAT, Operation.LIST)) {
            assertThat(faulty.calls(operation)).as("%s", operation).isEqualTo(2);
        }
        assertThat(faulty.calls(Operation.REMOVE)).isEqualTo(2);
        assertThat(sleeper.sleeps()).hasSize(5);
    }

    @Test
    void doesNotRetryPermanentFailures() throws IOException {
        Handle existing = save(local(), FileType.KEY, bytes(100, 4));
        Handle missing = handle(FileType.KEY, bytes(100, 5));
        FaultInjectingBackend faulty = FaultInjectingBackend.builder(local())
                .inject(Operation.STAT, FaultTrigger.always(), Fault.permanentError())
                .inject(Operation.CREATE, FaultTrigger.always(), Fault.fullDisk())
                .build();
        RetryingBackend backend = retrying(faulty, sleeper);

        assertThatThrownBy(() -> backend.stat(existing)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(backend::create).hasMessageContaining("No space left on device");
        assertThatThrownBy(() -> backend.load(missing)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> backend.remove(missing)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> backend.load(existing, 90, 20)).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> backend.save(existing, ByteBuffer.wrap(bytes(100, 4))))
                .isInstanceOf(FileAlreadyExistsException.class);

        assertThat(faulty.calls(Operation.STAT)).isEqualTo(1);
        assertThat(faulty.calls(Operation.CREATE)).isEqualTo(1);
        assertThat(faulty.calls(Operation.LOAD)).isEqualTo(2);
        assertThat(faulty.calls(Operation.REMOVE)).isEqualTo(1);
        assertThat(faulty.calls(Operation.SAVE)).isEqualTo(1);
        assertThat(sleeper.sleeps()).isEmpty();
    }

    @Test
    void givesUpAfterTheLastAttemptWithEveryFailureAttached() throws IOException {
        FaultInjectingBackend faulty = FaultInjectingBackend.builder(local())
                .inject(Operation.SAVE, FaultTrigger.always(), Fault.transientError())
                .build();
        Handle handle = handle(FileType.PACK, bytes(10, 6));

        assertThatThrownBy(() -> retrying(faulty, sleeper).save(handle, ByteBuffer.wrap(bytes(10, 6))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(handle.path())
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(4));

        assertThat(faulty.calls(Operation.SAVE)).isEqualTo(RetryingBackend.DEFAULT_MAX_ATTEMPTS);
        assertThat(sleeper.sleeps()).hasSize(RetryingBackend.DEFAULT_MAX_ATTEMPTS - 1);
        assertThat(list(local(), FileType.PACK)).isEmpty();
    }

    @Test
    void backsOffExponentiallyWithJitterUpToTheMaximum() throws IOException {
        FaultInjectingBackend faulty = FaultInjectingBackend.builder(local())
                .inject(Operation.LIST, FaultTrigger.always(), Fault.transientError())
                .build();
        RetryingBackend backend = RetryingBackend.builder(faulty)
                .maxAttempts(8)
                .baseDelay(BASE)
                .maxDelay(MAX)
                .sleeper(sleeper)
                .build();

        assertThatThrownBy(() -> list(backend, FileType.LOCK)).isInstanceOf(IOException.class);

        List<Duration> sleeps = sleeper.sleeps();
        assertThat(sleeps).hasSize(7);
        for (int i = 0; i < sleeps.size(); i++) {
            Duration full = BASE.multipliedBy(1L << i).compareTo(MAX) < 0 ? BASE.multipliedBy(1L << i) : MAX;
            assertThat(sleeps.get(i)).as("wait %d", i).isBetween(full.dividedBy(2), full);
        }
        assertThat(sleeps).as("jittered").doesNotContain(BASE, BASE.multipliedBy(2), BASE.multipliedBy(4), MAX);
    }

    @Test
    void aSaveWhoseReplyWasLostSucceeds() throws IOException {
        FaultInjectingBackend faulty = FaultInjectingBackend.builder(local())
                .inject(Operation.SAVE, FaultTrigger.onCalls(1), Fault.failAfterSuccess())
                .build();
        byte[] content = bytes(500, 7);

        Handle handle = save(retrying(faulty, sleeper), FileType.PACK, content);

        assertThat(local().load(handle)).isEqualTo(content);
        assertThat(faulty.calls(Operation.SAVE))
                .as("found saved, not saved again")
                .isEqualTo(1);
        assertThat(faulty.calls(Operation.STAT)).isEqualTo(1);
    }

    @Test
    void aRetriedSaveThatFindsAnotherFileFailsAsExisting() throws IOException {
        Handle handle = handle(FileType.PACK, bytes(500, 8));
        byte[] other = bytes(400, 9);
        RecordingSleeper meanwhile = new RecordingSleeper(duration -> local().save(handle, ByteBuffer.wrap(other)));
        FaultInjectingBackend faulty = FaultInjectingBackend.builder(local())
                .inject(Operation.SAVE, FaultTrigger.onCalls(1), Fault.transientError())
                .build();

        assertThatThrownBy(() -> retrying(faulty, meanwhile).save(handle, ByteBuffer.wrap(bytes(500, 8))))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining(handle.path());
        assertThat(local().load(handle)).isEqualTo(other);
    }

    @Test
    void aRemoveWhoseReplyWasLostSucceedsButRemovingNothingFails() throws IOException {
        Handle handle = save(local(), FileType.LOCK, bytes(50, 10));
        FaultInjectingBackend faulty = FaultInjectingBackend.builder(local())
                .inject(Operation.REMOVE, FaultTrigger.onCalls(1), Fault.failAfterSuccess())
                .build();
        RetryingBackend backend = retrying(faulty, sleeper);

        backend.remove(handle);

        assertThat(faulty.calls(Operation.REMOVE)).isEqualTo(2);
        assertThat(local().exists()).isFalse();
        assertThat(list(local(), FileType.LOCK)).isEmpty();
        assertThatThrownBy(() -> backend.remove(handle)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aRetriedListReportsEachFileOnce() throws IOException {
        for (int i = 0; i < 5; i++) {
            save(local(), FileType.PACK, bytes(100, 20 + i));
        }
        FaultInjectingBackend faulty = FaultInjectingBackend.builder(local())
                .inject(Operation.LIST, FaultTrigger.onCalls(1), Fault.failAfterSuccess())
                .build();

        List<FileInfo> listed = list(retrying(faulty, sleeper), FileType.PACK);

        assertThat(faulty.calls(Operation.LIST)).isEqualTo(2);
        assertThat(listed).hasSize(5).doesNotHaveDuplicates();
        assertThat(listed).containsExactlyInAnyOrderElementsOf(list(local(), FileType.PACK));
    }

    @Test
    void anInterruptStopsTheRetries() {
        RecordingSleeper interrupted = new RecordingSleeper(duration -> {
            throw new InterruptedException();
        });
        FaultInjectingBackend faulty = FaultInjectingBackend.builder(local())
                .inject(Operation.SAVE, FaultTrigger.always(), Fault.transientError())
                .build();
        try {
            assertThatThrownBy(() -> save(retrying(faulty, interrupted), FileType.PACK, bytes(10, 11)))
                    .isInstanceOf(InterruptedIOException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(faulty.calls(Operation.SAVE)).isEqualTo(1);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void survivesRandomTransientFaultsAndLostReplies() throws IOException {
        FaultInjectingBackend.Builder builder =
                FaultInjectingBackend.builder(local()).seed(7);
        for (Operation operation : Operation.values()) {
            builder.inject(operation, FaultTrigger.withProbability(0.3), Fault.transientError());
        }
        for (Operation operation : List.of(Operation.SAVE, Operation.REMOVE, Operation.LIST)) {
            builder.inject(operation, FaultTrigger.withProbability(0.2), Fault.failAfterSuccess());
        }
        FaultInjectingBackend faulty = builder.build();
        RetryingBackend backend =
                RetryingBackend.builder(faulty).maxAttempts(30).sleeper(sleeper).build();
        List<Handle> handles = new ArrayList<>();

        for (int i = 0; i < 40; i++) {
            handles.add(save(backend, FileType.PACK, bytes(200 + i, 100 + i)));
        }
        assertThat(list(backend, FileType.PACK))
                .extracting(FileInfo::handle)
                .containsExactlyInAnyOrderElementsOf(handles);
        for (Handle handle : handles) {
            assertThat(hex(backend.load(handle))).isEqualTo(handle.name());
        }
        for (Handle handle : handles.subList(0, 20)) {
            backend.remove(handle);
        }

        assertThat(list(local(), FileType.PACK))
                .extracting(FileInfo::handle)
                .containsExactlyInAnyOrderElementsOf(handles.subList(20, 40));
        assertThat(faulty.injectedFaults()).isGreaterThan(50);
    }

    @Test
    void classifiesFailures() {
        assertThat(RetryingBackend.isPermanent(new NoSuchFileException("x"))).isTrue();
        assertThat(RetryingBackend.isPermanent(new FileAlreadyExistsException("x")))
                .isTrue();
        assertThat(RetryingBackend.isPermanent(new AccessDeniedException("x"))).isTrue();
        assertThat(RetryingBackend.isPermanent(new EOFException("x"))).isTrue();
        assertThat(RetryingBackend.isPermanent(new IOException("write x: No space left on device")))
                .isTrue();
        assertThat(RetryingBackend.isPermanent(new IOException("upload failed", new IOException("ENOSPC"))))
                .isTrue();
        assertThat(RetryingBackend.isPermanent(new IOException("Connection reset")))
                .isFalse();
        assertThat(RetryingBackend.isPermanent(new SocketTimeoutException("Read timed out")))
                .isFalse();
        assertThat(RetryingBackend.isPermanent(new IOException("x", new RuntimeException("y"))))
                .isFalse();
    }
}

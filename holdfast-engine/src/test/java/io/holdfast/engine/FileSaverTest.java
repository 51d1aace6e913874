package io.holdfast.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.repository.Repository;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A stream is chunked the same whatever size it was listed with: a short stream read into a buffer of its own size, a
 * stream that grew since it was listed switched to a full-size buffer midway, small and large chunks alike stored
 * byte for byte.
 */
class FileSaverTest {
    @TempDir
    Path tmp;

    private Repository repo;

    @BeforeEach
    void init() throws Exception {
        repo = TestRepositories.init(tmp.resolve("repo"));
    }

    @AfterEach
    void close() throws Exception {
        repo.close();
    }

    private FileSaver saver() {
        return new FileSaver(
                repo.blobSaver(),
                repo.chunkerSpec(),
                repo.workers(),
                new Semaphore(4),
                new BackupStats(),
                BackupProgress.NONE);
    }

    @ParameterizedTest(name = "{0} bytes listed as {1}")
    @CsvSource({
        "0, 0",
        "1, 0",
        "0, 100",
        "100, 100",
        "100, 99",
        "100, 101",
        "700000, 700000",
        "700000, 1000",
        // around the sizes that choose the read buffer and the chunk buffers (64 KiB, 1 MiB)
        "65535, 65535",
        "65536, 65536",
        "1048575, 1048575",
        "1048576, 1048576",
        "1048577, 100",
        "3000000, 3000000",
        // longer than the largest chunk (8 MiB): listed right, listed short, not listed
        "20000000, 20000000",
        "20000000, 3000",
        "20000000, -1",
        "9000000, 8388607"
    })
    void chunksDoNotDependOnTheListedSize(int length, long listed) throws Exception {
        byte[] data = new byte[length];
        new Random(length).nextBytes(data);
        FileSaver fs = saver();
        List<Id> hinted =
                fs.start(new ByteArrayInputStream(data), new long[0], listed).await();
        List<Id> plain = fs.start(new ByteArrayInputStream(data)).await();
        assertThat(hinted).isEqualTo(plain);
        repo.blobSaver().flush();
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        for (Id id : hinted) {
            back.write(repo.loadBlob(BlobType.DATA, id));
        }
        assertThat(back.toByteArray()).isEqualTo(data);
        if (length > repo.chunkerSpec().maxSize()) {
            assertThat(hinted).hasSizeGreaterThan(1);
        }
    }
}

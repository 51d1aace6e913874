package io.holdfast.storage.s3;

import io.holdfast.storage.Backend;
import io.holdfast.storage.BackendContractTest;
import io.holdfast.storage.LockMode;
import io.holdfast.storage.ObjectLocking;
import io.holdfast.storage.RetentionRule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend contract in a versioned bucket with Object Lock on a server that enforces it (moto), every file but
 * lock files written locked in COMPLIANCE mode: locking changes nothing the repository layer relies on (a removed
 * file is gone from listings and reads, its name can be written again).
 */
class S3LockedBackendContractTest extends BackendContractTest {
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    @TempDir
    static Path work;

    static MotoServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = MotoServer.start(work.resolve("moto"));
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    /** Moto's threaded server checks {@code If-None-Match: *} apart from the write (see the superclass). */
    @Override
    protected boolean createIsAtomic() {
        return false;
    }

    @Override
    protected Backend newBackend(Path directory) throws IOException {
        String location = server.location("locked-contract", "repo-" + PREFIXES.incrementAndGet());
        Backend b = new S3BackendProvider().open(location, server.environment());
        ObjectLocking locking = b.feature(ObjectLocking.class).orElseThrow();
        locking.requireObjectLock();
        locking.retainNewObjects(new RetentionRule(LockMode.COMPLIANCE, 1));
        return b;
    }
}

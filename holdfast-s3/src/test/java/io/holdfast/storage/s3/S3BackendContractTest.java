package io.holdfast.storage.s3;

import io.holdfast.storage.Backend;
import io.holdfast.storage.BackendContractTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The backend contract on a real S3 server (S3Proxy, signatures checked), each backend under its own prefix. */
class S3BackendContractTest extends BackendContractTest {
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    @TempDir
    static Path work;

    static S3ProxyServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start(work.resolve("s3proxy"));
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Override
    protected Backend newBackend(Path directory) throws IOException {
        String location = server.location("contract", "repo-" + PREFIXES.incrementAndGet() + "/x");
        return new S3BackendProvider().open(location, server.environment());
    }
}

package io.holdfast.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.holdfast.storage.Backend;
import io.holdfast.storage.Handle;
import io.holdfast.storage.RetryingBackend;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkGlobalTime;

/**
 * A machine whose clock is off by more than the server allows (S3: 15 minutes), against a real server that checks
 * request times (S3Proxy): the refusal names the clock and is not final, because the SDK takes the server's time
 * from the answer, so the retrying layer's next attempt goes through.
 */
class S3ClockSkewTest {
    @TempDir
    static Path work;

    static S3ProxyServer server;

    @BeforeAll
    static void start() throws Exception {
        server = S3ProxyServer.start(work.resolve("s3proxy"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void aSkewedClockIsNamedAndTheRetryWithTheServersTimeGoesThrough() throws Exception {
        String location = server.location("skew", "repo");
        Handle config = Handle.CONFIG;
        try (Backend good = new S3BackendProvider().open(location, server.environment())) {
            good.create();
            good.save(config, ByteBuffer.wrap(new byte[] {1, 2, 3}));
        }
        // the SDK signs with the system clock minus its global offset: 20 minutes off, as on a machine without NTP
        int before = SdkGlobalTime.getGlobalTimeOffset();
        SdkGlobalTime.setGlobalTimeOffset((int) -Duration.ofMinutes(20).toSeconds());
        try (Backend plain = new S3BackendProvider().open(location, server.environment());
                Backend retrying = RetryingBackend.wrap(new S3BackendProvider().open(location, server.environment()))) {
            assertThatThrownBy(() -> plain.load(config))
                    .isInstanceOf(IOException.class)
                    .satisfies(e -> assertThat(RetryingBackend.isPermanent((IOException) e))
                            .isFalse())
                    .hasMessageContaining("403 RequestTimeTooSkewed: this machine's clock differs from the server's")
                    .hasMessageContaining("retrying with the server's time");
            SdkGlobalTime.setGlobalTimeOffset((int) -Duration.ofMinutes(20).toSeconds());
            assertThat(retrying.load(config)).containsExactly(1, 2, 3); // refused once, then through
        } finally {
            SdkGlobalTime.setGlobalTimeOffset(before);
        }
    }
}

package io.holdfast.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failed logins are audited, and the eleventh within a minute from one address is refused with 429. */
class LoginLimitTest {
    @TempDir
    Path dir;

    @Test
    void failedLoginsAreAuditedAndRateLimited() throws Exception {
        try (TestServer s = TestServer.start(dir.resolve("data"))) {
            for (int i = 0; i < 10; i++) {
                assertThat(s.call("GET", "/api/v1/jobs", "hf_guess" + i, null).status())
                        .isEqualTo(401);
            }
            var limited = s.call("GET", "/api/v1/jobs", "hf_guess10", null);
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.json().at("/error/code").asText()).isEqualTo("too_many_failures");
            assertThat(s.server.context().audit.list(null, "anonymous", "login.failed", 100))
                    .hasSize(10);
            // a request without a token is not a login attempt: 401 (once the window is over), never audited
            assertThat(s.server.context().audit.list(null, null, "login.failed", 100))
                    .hasSize(10);
            assertThat(s.call("GET", "/healthz", null, null).status()).isEqualTo(200);
        }
    }
}

package io.holdfast.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.holdfast.client.Holdfast;
import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.CheckOptions;
import io.holdfast.repository.RepositoryOptions;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cancelling a running backup stops it, marks it cancelled, and leaves a repository that checks clean. */
class CancelTest {
    @TempDir
    Path dir;

    @Test
    void aRunningBackupIsCancelled() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        byte[] chunk = new byte[1 << 20];
        Random r = new Random(3);
        try (OutputStream o = Files.newOutputStream(src.resolve("big.bin"))) {
            for (int i = 0; i < 800; i++) {
                r.nextBytes(chunk);
                o.write(chunk);
            }
        }
        try (TestServer s = TestServer.start(dir.resolve("data"))) {
            s.admin(
                    "POST",
                    "/api/v1/targets",
                    "{\"name\":\"t\",\"location\":\"" + dir.resolve("repo") + "\",\"password\":\"pw\",\"init\":true}");
            s.admin("POST", "/api/v1/assets", "{\"name\":\"a\",\"paths\":[\"" + src + "\"]}");
            String pid = s.admin(
                            "POST",
                            "/api/v1/policies",
                            "{\"name\":\"p\",\"assets\":[\"a\"],\"target\":\"t\","
                                    + "\"stages\":[{\"type\":\"backup\",\"cron\":\"0 2 * * *\"}]}")
                    .json()
                    .get("id")
                    .asText();
            String job = s.admin("POST", "/api/v1/policies/" + pid + "/run", null)
                    .json()
                    .get(0)
                    .get("id")
                    .asText();
            Instant deadline = Instant.now().plusSeconds(60);
            // cancelled as soon as it runs: waiting for the first progress report (a heartbeat, after a second) left
            // too little of a 2-s backup for the cancel to meet (it finished first on CI's machine)
            while (!s.admin("GET", "/api/v1/jobs/" + job, null)
                    .json()
                    .get("state")
                    .asText()
                    .equals("running")) {
                assertThat(Instant.now()).isBefore(deadline);
                Thread.sleep(5);
            }
            assertThat(s.admin("POST", "/api/v1/jobs/" + job + "/cancel", null).status())
                    .isEqualTo(202);
            JsonNode j;
            do {
                Thread.sleep(50);
                j = s.admin("GET", "/api/v1/jobs/" + job, null).json();
                assertThat(Instant.now()).isBefore(deadline);
            } while (j.get("state").asText().matches("queued|running"));
            assertThat(j.get("state").asText()).as(j.toString()).isEqualTo("cancelled");
            assertThat(s.admin("GET", "/api/v1/copies?target=t", null).json().size())
                    .isZero();
            assertThat(s.admin("POST", "/api/v1/jobs/" + job + "/cancel", null).status())
                    .isEqualTo(409);
        }
        try (Holdfast hf = Holdfast.open(dir.resolve("repo").toString(), "pw", RepositoryOptions.DEFAULTS, false)) {
            assertThat(hf.snapshots()).isEmpty();
            assertThat(hf.check(CheckOptions.READ_DATA, BackupProgress.NONE).errors())
                    .isEmpty();
        }
    }
}

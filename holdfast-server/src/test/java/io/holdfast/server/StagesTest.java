package io.holdfast.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.holdfast.server.jobs.Sleeper;
import io.holdfast.server.security.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tier and lock stages and legal holds, through the API, on local repositories. */
class StagesTest {
    @TempDir
    Path dir;

    private static JsonNode run(TestServer s, String policy, String stage) throws InterruptedException {
        var r = s.admin("POST", "/api/v1/policies/" + policy + "/run", "{\"stage\":\"" + stage + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return s.awaitJob(r.json().get(0).get("id").asText());
    }

    @Test
    void tierMovesOldCopiesLockNeedsObjectLockAndHoldsNeedTheSecurityOfficer() throws Exception {
        SchedulerTest.MovableClock clock = new SchedulerTest.MovableClock();
        clock.now = Instant.now();
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("weights.bin"), "w".repeat(100_000));
        try (TestServer s = new TestServer(ServerOptions.defaults(dir.resolve("data")), clock, Sleeper.REAL)) {
            s.addTarget("hot", dir.resolve("hot"));
            s.addTarget("cold", dir.resolve("cold"));
            s.admin("POST", "/api/v1/assets", "{\"name\":\"model\",\"paths\":[\"" + src + "\"]}");
            var bad = s.admin(
                    "POST",
                    "/api/v1/policies",
                    "{\"name\":\"x\",\"assets\":[\"model\"],\"target\":\"hot\","
                            + "\"stages\":[{\"type\":\"tier\",\"to\":\"cold\",\"cron\":\"0 4 * * *\"}]}");
            assertThat(bad.json().at("/error/field").asText()).isEqualTo("stages[0].olderThanDays");
            var p = s.admin(
                    "POST",
                    "/api/v1/policies",
                    "{\"name\":\"p\",\"assets\":[\"model\"],\"target\":\"hot\","
                            + "\"stages\":[{\"type\":\"backup\",\"cron\":\"0 2 * * *\"},"
                            + "{\"type\":\"tier\",\"to\":\"cold\",\"olderThanDays\":30,\"cron\":\"0 4 * * *\"},"
                            + "{\"type\":\"lock\",\"cron\":\"0 5 * * *\"}]}");
            assertThat(p.status()).as(p.body()).isEqualTo(201);
            String pid = p.json().get("id").asText();
            // runs are started by hand here; paused, the schedules do not fire when the clock jumps a month
            assertThat(s.admin("POST", "/api/v1/policies/" + pid + "/pause", null)
                            .status())
                    .isEqualTo(200);
            assertThat(run(s, pid, "backup").get("state").asText()).isEqualTo("succeeded");
            Files.writeString(src.resolve("weights.bin"), "v".repeat(100_000));
            assertThat(run(s, pid, "backup").get("state").asText()).isEqualTo("succeeded");

            JsonNode young = run(s, pid, "tier");
            assertThat(young.at("/result/candidates").asInt()).isZero();
            clock.advance(Duration.ofDays(31));
            JsonNode tier = run(s, pid, "tier");
            assertThat(tier.get("state").asText()).as(tier.toString()).isEqualTo("succeeded");
            assertThat(tier.at("/result/moved").asInt()).isEqualTo(2);
            assertThat(tier.at("/result/forgottenInSource").asInt()).isEqualTo(2);
            assertThat(s.admin("GET", "/api/v1/copies?target=hot", null).json().size())
                    .isZero();
            JsonNode cold = s.admin("GET", "/api/v1/copies?target=cold", null).json();
            assertThat(cold.size()).isEqualTo(2);

            JsonNode lock = run(s, pid, "lock");
            assertThat(lock.get("state").asText()).isEqualTo("failed");
            assertThat(lock.get("error").asText()).contains("has no Object Lock");
            JsonNode compliance =
                    s.admin("GET", "/api/v1/compliance", null).json().get(0);
            assertThat(compliance.get("reasons").toString()).contains("the last lock run failed");

            String snap = cold.get(0).get("snapshotId").asText();
            String hold = "/api/v1/copies/cold/" + snap + "/hold";
            String release = "/api/v1/copies/cold/" + snap + "/release";
            assertThat(s.admin("POST", hold, "{}").status()).isEqualTo(422);
            assertThat(s.admin("POST", hold, "{\"reason\":\"litigation 2026-17\"}")
                            .status())
                    .isEqualTo(200);
            assertThat(s.admin("GET", "/api/v1/holds?target=cold", null)
                            .json()
                            .get(0)
                            .get("reason")
                            .asText())
                    .isEqualTo("litigation 2026-17");
            assertThat(s.admin("POST", release, "{\"reason\":\"settled\"}").status())
                    .isEqualTo(403);
            assertThat(s.call("POST", release, s.tokens.get(Role.SECURITY_OFFICER), "{\"reason\":\"settled\"}")
                            .status())
                    .isEqualTo(200);
            assertThat(s.call("POST", release, s.tokens.get(Role.SECURITY_OFFICER), "{\"reason\":\"again\"}")
                            .status())
                    .isEqualTo(409);
            assertThat(s.admin("GET", "/api/v1/holds?target=cold", null).json().size())
                    .isZero();
            assertThat(s.admin("GET", "/api/v1/audit?action=hold.*", null).body())
                    .contains("hold.add")
                    .contains("hold.remove");
        }
    }
}

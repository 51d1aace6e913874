package io.holdfast.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.holdfast.server.security.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A prompt-log asset run by the server; a subject found and erased through the API by the security officer. */
class PromptLogServerTest {
    @TempDir
    Path dir;

    @Test
    void backsUpAPromptLogAndErasesOneSubject() throws Exception {
        Path log = dir.resolve("logs/chat.jsonl");
        Files.createDirectories(log.getParent());
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            String user = List.of("alice", "bob", "carol").get(i % 3);
            sb.append("{\"user_id\":\"")
                    .append(user)
                    .append("\",\"prompt\":\"question ")
                    .append(i)
                    .append("\",\"response\":\"answer ")
                    .append(i)
                    .append("\"}\n");
        }
        Files.writeString(log, sb.toString());
        Path restores = dir.resolve("data/restores");
        try (TestServer s = TestServer.start(dir.resolve("data"))) {
            s.admin(
                    "POST",
                    "/api/v1/targets",
                    "{\"name\":\"t\",\"location\":\"" + dir.resolve("repo") + "\",\"password\":\"pw\",\"init\":true}");
            var bad = s.admin(
                    "POST",
                    "/api/v1/assets",
                    "{\"name\":\"chat\",\"kind\":\"prompt-log\",\"paths\":[\"" + log + "\"]}");
            assertThat(bad.json().at("/error/field").asText()).isEqualTo("subject");
            assertThat(s.admin(
                                    "POST",
                                    "/api/v1/assets",
                                    "{\"name\":\"chat\",\"kind\":\"prompt-log\",\"paths\":[\"" + log
                                            + "\"],\"subject\":\"/user_id\"}")
                            .status())
                    .isEqualTo(201);
            var p = s.admin(
                    "POST",
                    "/api/v1/policies",
                    "{\"name\":\"chat\",\"assets\":[\"chat\"],\"target\":\"t\","
                            + "\"stages\":[{\"type\":\"backup\",\"cron\":\"0 1 * * *\"}]}");
            String pid = p.json().get("id").asText();
            JsonNode job = s.awaitJob(s.admin("POST", "/api/v1/policies/" + pid + "/run", null)
                    .json()
                    .get(0)
                    .get("id")
                    .asText());
            assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("succeeded");
            assertThat(job.at("/result/records").asLong()).isEqualTo(30);
            assertThat(job.at("/result/subjects").asLong()).isEqualTo(3);
            assertThat(job.at("/result/resumed_from_bytes").asLong()).isZero();
            long before = java.nio.file.Files.size(log);
            java.nio.file.Files.writeString(
                    log, "{\"user_id\":\"dave\",\"prompt\":\"one more\"}\n", java.nio.file.StandardOpenOption.APPEND);
            JsonNode next = s.awaitJob(s.admin("POST", "/api/v1/policies/" + pid + "/run", null)
                    .json()
                    .get(0)
                    .get("id")
                    .asText());
            assertThat(next.get("state").asText()).as(next.toString()).isEqualTo("succeeded");
            assertThat(next.at("/result/records").asLong()).isEqualTo(31);
            assertThat(next.at("/result/resumed_from_bytes").asLong())
                    .as("the second run continues the envelope")
                    .isEqualTo(before);

            JsonNode found = s.admin("POST", "/api/v1/subjects/find", "{\"subject\":\"alice\"}")
                    .json();
            assertThat(found.get("copies").size()).isEqualTo(2);
            assertThat(found.get("erased").asBoolean()).isFalse();
            String erase = "{\"subject\":\"alice\",\"reason\":\"GDPR art. 17 request 2026-0042\"}";
            assertThat(s.admin("POST", "/api/v1/subjects/erase", erase).status())
                    .isEqualTo(403);
            var cert = s.call("POST", "/api/v1/subjects/erase", s.tokens.get(Role.SECURITY_OFFICER), erase);
            assertThat(cert.status()).as(cert.body()).isEqualTo(200);
            assertThat(cert.json().get("reason").asText()).isEqualTo("GDPR art. 17 request 2026-0042");
            assertThat(cert.json().get("operator").asText()).isEqualTo("security-officer");
            assertThat(s.admin("POST", "/api/v1/subjects/find", "{\"subject\":\"alice\"}")
                            .json()
                            .get("erased")
                            .asBoolean())
                    .isTrue();
            assertThat(s.admin("GET", "/api/v1/audit?action=subject.*", null).body())
                    .doesNotContain("alice");

            String snap = s.admin("GET", "/api/v1/copies?target=t", null)
                    .json()
                    .get(0)
                    .get("snapshotId")
                    .asText();
            JsonNode restore = s.awaitJob(s.admin(
                            "POST",
                            "/api/v1/copies/t/" + snap + "/restore",
                            "{\"to\":\"" + restores.resolve("r") + "\"}")
                    .json()
                    .get("id")
                    .asText());
            assertThat(restore.get("state").asText()).as(restore.toString()).isEqualTo("succeeded");
            String restored = Files.readString(restores.resolve("r/chat.jsonl"));
            assertThat(restored.lines()).hasSize(restored.contains("dave") ? 21 : 20); // either run's copy
            assertThat(restored).doesNotContain("alice").contains("bob").contains("carol");
        }
    }
}

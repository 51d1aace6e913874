package io.holdfast.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code postgres} asset run by the manager against a real PostgreSQL 15: a base backup tagged like {@code holdfast
 * pg backup}'s, with {@code pre}/{@code post} hooks whose exit codes and output are in the job log; a DSN carrying a
 * password is refused, so it is never stored, logged or returned.
 */
class PostgresAssetTest {
    @TempDir
    Path dir;

    @Test
    void backsUpAClusterWithHooksInTheJobLog() throws Exception {
        try (PostgresServer pg = PostgresServer.start();
                TestServer s = TestServer.start(dir.resolve("data"))) {
            s.admin(
                    "POST",
                    "/api/v1/targets",
                    "{\"name\":\"t\",\"location\":\"" + dir.resolve("repo") + "\",\"password\":\"pw\",\"init\":true}");
            var withPassword = s.admin(
                    "POST",
                    "/api/v1/assets",
                    "{\"name\":\"db\",\"kind\":\"postgres\",\"dsn\":\"postgresql://holdfast:hunter2@127.0.0.1/x\"}");
            assertThat(withPassword.status()).isEqualTo(422);
            assertThat(withPassword.json().at("/error/field").asText()).isEqualTo("dsn");
            assertThat(withPassword.body()).doesNotContain("hunter2");

            var created = s.admin(
                    "POST",
                    "/api/v1/assets",
                    "{\"name\":\"db\",\"kind\":\"postgres\",\"dsn\":\"" + pg.dsn() + "\","
                            + "\"pre\":\"echo flushing caches\",\"post\":\"echo status=$HOLDFAST_BACKUP_STATUS\"}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            var p = s.admin(
                    "POST",
                    "/api/v1/policies",
                    "{\"name\":\"db\",\"assets\":[\"db\"],\"target\":\"t\","
                            + "\"stages\":[{\"type\":\"backup\",\"cron\":\"0 1 * * *\"}]}");
            String jobId = s.admin(
                            "POST", "/api/v1/policies/" + p.json().get("id").asText() + "/run", null)
                    .json()
                    .get(0)
                    .get("id")
                    .asText();
            JsonNode job = s.awaitJob(jobId);
            assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("succeeded");
            String log = s.admin("GET", "/api/v1/jobs/" + jobId + "/logs", null).body();
            assertThat(log)
                    .contains("pre command exited with 0")
                    .contains("flushing caches")
                    .contains("post command exited with 0")
                    .contains("status=success");

            JsonNode copies = s.admin("GET", "/api/v1/copies", null).json();
            JsonNode copy = copies.isArray() ? copies.get(0) : copies.at("/items/0");
            assertThat(copy.toString())
                    .contains("pg-base")
                    .contains("pg-system=")
                    .contains("pg-wal-start=");
        }
    }
}

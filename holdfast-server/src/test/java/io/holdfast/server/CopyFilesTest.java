package io.holdfast.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.holdfast.server.security.Role;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the dashboard needs beyond the first API: one file's bytes from a copy, a model file's tensors, a copy restored
 * into another target, and storage used and saved over time.
 */
class CopyFilesTest {
    @TempDir
    Path dir;

    @Test
    void downloadsInspectsCopiesToAnotherTargetAndMeasuresStorage() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        byte[] big = new byte[2_500_000];
        new Random(3).nextBytes(big);
        Files.write(src.resolve("weights.bin"), big);
        Files.write(src.resolve("weights-copy.bin"), big); // deduplicated
        Files.writeString(src.resolve("notes.txt"), "x".repeat(200_000)); // compressed
        Files.write(src.resolve("tiny.safetensors"), DashboardBrowserTest.safetensors());
        try (TestServer s = TestServer.start(dir.resolve("data"))) {
            s.addTarget("hot", dir.resolve("hot"));
            s.addTarget("offsite", dir.resolve("offsite"));
            s.admin("POST", "/api/v1/assets", "{\"name\":\"m\",\"paths\":[\"" + src + "\"]}");
            String pid = s.admin(
                            "POST",
                            "/api/v1/policies",
                            "{\"name\":\"p\",\"assets\":[\"m\"],\"target\":\"hot\","
                                    + "\"stages\":[{\"type\":\"backup\",\"cron\":\"0 2 * * *\"}]}")
                    .json()
                    .get("id")
                    .asText();
            JsonNode job = s.runNow(pid);
            assertThat(job.get("state").asText()).isEqualTo("succeeded");
            JsonNode copy =
                    s.admin("GET", "/api/v1/copies?target=hot", null).json().get(0);
            String base = "/api/v1/copies/" + copy.get("targetId").asText() + "/"
                    + copy.get("snapshotId").asText();

            // one file's bytes, for the roles that may restore; audited
            String q = "?path=" + URLEncoder.encode(src.resolve("weights.bin").toString(), StandardCharsets.UTF_8);
            HttpResponse<byte[]> file = get(s, base + "/file" + q, s.tokens.get(Role.RESTORE));
            assertThat(file.statusCode()).isEqualTo(200);
            assertThat(file.body()).isEqualTo(big);
            assertThat(file.headers().firstValue("Content-Disposition").orElseThrow())
                    .contains("filename=\"weights.bin\"");
            assertThat(get(s, base + "/file" + q, s.tokens.get(Role.AUDITOR)).statusCode())
                    .isEqualTo(403);
            assertThat(s.admin("GET", base + "/file?path=" + src, null).status())
                    .isEqualTo(404);
            assertThat(s.admin("GET", "/api/v1/audit?action=copy.download", null)
                            .json()
                            .get(0)
                            .get("actor")
                            .asText())
                    .isEqualTo("restore");

            // a model file's tensors from its header, and the validation stored at backup
            JsonNode model = s.admin(
                            "GET",
                            base + "/model?path="
                                    + URLEncoder.encode(
                                            src.resolve("tiny.safetensors").toString(), StandardCharsets.UTF_8),
                            null)
                    .json();
            assertThat(model.get("format").asText()).isEqualTo("safetensors");
            assertThat(model.get("tensorCount").asInt()).isEqualTo(2);
            assertThat(model.at("/tensors/0/name").asText()).isEqualTo("embed.weight");
            assertThat(model.at("/tensors/0/shape").toString()).isEqualTo("[4,2]");
            assertThat(model.at("/stored/status").asText()).isEqualTo("ok");
            assertThat(model.get("parameters").asLong()).isEqualTo(10);

            // a whole copy restored into another target; a part of it cannot go there
            var part = s.admin("POST", base + "/restore", "{\"toTarget\":\"offsite\",\"path\":\"" + src + "\"}");
            assertThat(part.json().at("/error/field").asText()).isEqualTo("path");
            var same = s.admin("POST", base + "/restore", "{\"toTarget\":\"hot\"}");
            assertThat(same.json().at("/error/field").asText()).isEqualTo("toTarget");
            var moved = s.admin("POST", base + "/restore", "{\"toTarget\":\"offsite\"}");
            assertThat(moved.status()).as(moved.body()).isEqualTo(202);
            JsonNode rep = s.awaitJob(moved.json().get("id").asText());
            assertThat(rep.get("state").asText()).as(rep.toString()).isEqualTo("succeeded");
            assertThat(rep.at("/result/copied").asInt()).isEqualTo(1);
            JsonNode offsite =
                    s.admin("GET", "/api/v1/copies?target=offsite", null).json();
            assertThat(offsite.size()).isEqualTo(1);
            assertThat(offsite.get(0).get("time").asLong())
                    .isEqualTo(copy.get("time").asLong());

            // storage: a sample after the file index took the copy in (an index job follows the backup)
            long deadline = System.nanoTime() + 60_000_000_000L;
            JsonNode storage = s.admin("GET", "/api/v1/storage", null).json();
            while (storage.at("/total/copies").asInt() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(200);
                storage = s.admin("GET", "/api/v1/storage", null).json();
            }
            JsonNode hot = storage.get("targets").get(0).get("name").asText().equals("hot")
                    ? storage.get("targets").get(0)
                    : storage.get("targets").get(1);
            long logical = 0;
            try (var files = Files.list(src)) {
                for (Path f : files.toList()) {
                    logical += Files.size(f);
                }
            }
            assertThat(hot.get("logicalBytes").asLong()).isEqualTo(logical);
            // the second weights file is deduplicated and the notes compress: stored is well under half
            assertThat(hot.get("rawBytes").asLong()).isLessThan(logical - big.length + 100_000);
            assertThat(hot.get("storedBytes").asLong())
                    .isLessThan(hot.get("rawBytes").asLong());
            assertThat(storage.at("/total/savedByDedupBytes").asLong()).isGreaterThan(2 * (long) big.length - 200_000);
            assertThat(storage.get("series").size()).isGreaterThan(0);
        }
    }

    static HttpResponse<byte[]> get(TestServer s, String path, String token) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.server.port() + path))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
    }
}

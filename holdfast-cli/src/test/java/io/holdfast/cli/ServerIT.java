package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code holdfast server} process on a free port: a target, an asset and a policy made through the API, the
 * schedule fires, a restore through the API gives back the same bytes; a server killed with SIGKILL mid-backup marks
 * the job interrupted on restart, retries it, and leaves a repository restic checks clean.
 */
class ServerIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newHttpClient();

    /** A started server process. */
    private record Running(Process process, int port, String token) {}

    private Running start(CliProcess cli, Path data, Path restoreRoot, String name) throws Exception {
        Path out = tmp.resolve(name + ".out");
        Path err = tmp.resolve(name + ".err");
        Process p = cli.start(
                Map.of(),
                out,
                err,
                "server",
                "--data-dir",
                data.toString(),
                "--listen",
                "127.0.0.1:0",
                "--restore-root",
                restoreRoot.toString());
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            Matcher m = LISTENING.matcher(Files.readString(out));
            if (m.find()) {
                return new Running(
                        p,
                        Integer.parseInt(m.group(1)),
                        Files.readString(data.resolve("admin.token")).strip());
            }
            assertThat(p.isAlive())
                    .as("server exited: %s", Files.readString(err))
                    .isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("server did not start: " + Files.readString(out) + Files.readString(err));
    }

    private JsonNode call(Running s, String method, String path, @Nullable String body, int expect) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
                .header("Authorization", "Bearer " + s.token())
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isEqualTo(expect);
        return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
    }

    private JsonNode waitFor(Running s, String path, Predicate<JsonNode> done, Duration max) throws Exception {
        Instant deadline = Instant.now().plus(max);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = call(s, "GET", path, null, 200);
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting on " + path + ": " + last);
    }

    private static void tree(Path root, long bigBytes) throws IOException {
        Random r = new Random(42);
        Files.createDirectories(root.resolve("a/b"));
        for (int i = 0; i < 20; i++) {
            byte[] b = new byte[r.nextInt(50_000)];
            r.nextBytes(b);
            Files.write(root.resolve((i % 2 == 0 ? "a/" : "a/b/") + "f" + i + ".bin"), b);
        }
        Files.writeString(root.resolve("notes.txt"), "hello\n");
        if (bigBytes > 0) {
            byte[] chunk = new byte[1 << 20];
            try (OutputStream o = Files.newOutputStream(root.resolve("big.bin"))) {
                for (long done = 0; done < bigBytes; done += chunk.length) {
                    r.nextBytes(chunk);
                    o.write(chunk);
                }
            }
        }
    }

    @Test
    void aScheduledBackupRunsAndRestoresThroughTheApi() throws Exception {
        CliProcess cli = new CliProcess(tmp);
        Path src = tmp.resolve("src");
        tree(src, 0);
        Path restores = Files.createDirectories(tmp.resolve("restores"));
        Running s = start(cli, tmp.resolve("data"), restores, "server");
        try {
            String repo = tmp.resolve("repo").toString();
            call(
                    s,
                    "POST",
                    "/api/v1/targets",
                    "{\"name\":\"local\",\"location\":\"" + repo + "\",\"password\":\"secret-pw\",\"init\":true}",
                    201);
            assertThat(call(s, "GET", "/api/v1/targets", null, 200).toString()).doesNotContain("secret-pw");
            call(s, "POST", "/api/v1/assets", "{\"name\":\"data\",\"paths\":[\"" + src + "\"]}", 201);
            JsonNode bad = call(
                    s,
                    "POST",
                    "/api/v1/policies",
                    "{\"name\":\"p\",\"assets\":[\"data\"],\"target\":"
                            + "\"local\",\"stages\":[{\"type\":\"backup\",\"every\":\"soon\"}]}",
                    422);
            assertThat(bad.at("/error/field").asText()).isEqualTo("stages[0].every");
            JsonNode policy = call(
                    s,
                    "POST",
                    "/api/v1/policies",
                    "{\"name\":\"every-2s\",\"assets\":[\"data\"],"
                            + "\"target\":\"local\",\"stages\":[{\"type\":\"backup\",\"every\":\"2s\",\"retention\":"
                            + "{\"keepLast\":3}}]}",
                    201);
            String pid = policy.get("id").asText();
            JsonNode jobs = waitFor(
                    s, "/api/v1/jobs?policy=" + pid + "&state=succeeded", j -> j.size() >= 2, Duration.ofSeconds(60));
            assertThat(jobs.get(0).get("kind").asText()).isEqualTo("backup");
            assertThat(jobs.get(0).at("/result/totalFiles").asLong()).isEqualTo(21);
            JsonNode logs =
                    call(s, "GET", "/api/v1/jobs/" + jobs.get(0).get("id").asText() + "/logs", null, 200);
            assertThat(logs.toString()).contains("snapshot").contains("saved");

            JsonNode copies = waitFor(s, "/api/v1/copies?target=local", c -> c.size() >= 2, Duration.ofSeconds(30));
            String snap = copies.get(0).get("snapshotId").asText();
            JsonNode job = call(
                    s,
                    "POST",
                    "/api/v1/copies/local/" + snap + "/restore",
                    "{\"path\":\"" + src + "\",\"to\":\"" + restores.resolve("r1") + "\"}",
                    202);
            JsonNode done = waitFor(
                    s,
                    "/api/v1/jobs/" + job.get("id").asText(),
                    j -> !j.get("state").asText().matches("queued|running"),
                    Duration.ofSeconds(60));
            assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("succeeded");
            assertThat(done.at("/result/verified").asLong()).isEqualTo(21);
            CliProcess.assertSameTree(src, restores.resolve("r1"));
            JsonNode outside = call(
                    s,
                    "POST",
                    "/api/v1/copies/local/" + snap + "/restore",
                    "{\"to\":\"" + restores.resolve("../escape") + "\"}",
                    422);
            assertThat(outside.at("/error/field").asText()).isEqualTo("to");

            JsonNode found = waitFor(
                    s,
                    "/api/v1/search?q=NOTES",
                    h -> h.size() == 1 && h.get(0).get("versions").asLong() >= 2,
                    Duration.ofSeconds(60));
            String notes = found.get(0).get("path").asText();
            assertThat(notes).isEqualTo(src.resolve("notes.txt").toString());
            JsonNode versions = call(s, "GET", "/api/v1/search/versions?path=" + notes, null, 200);
            assertThat(versions.get(0).get("changed").asBoolean()).isTrue();
            assertThat(versions.get(1).get("changed").asBoolean()).isFalse();

            JsonNode audit = call(s, "GET", "/api/v1/audit?action=restore.*", null, 200);
            assertThat(audit.toString()).contains("restore.request");
            assertThat(call(s, "GET", "/api/v1/audit/verify", null, 200)
                            .get("ok")
                            .asBoolean())
                    .isTrue();
            call(s, "POST", "/api/v1/policies/" + pid + "/pause", null, 200);
        } finally {
            s.process().destroy();
            s.process().waitFor();
        }
        ResticCheck.assertClean(tmp.resolve("repo"), "secret-pw");
    }

    @Test
    void policyApplyIsIdempotentAndTheCliListsJobsAndLogs() throws Exception {
        CliProcess cli = new CliProcess(tmp);
        Path src = tmp.resolve("src");
        tree(src, 0);
        Path restores = Files.createDirectories(tmp.resolve("restores"));
        Running s = start(cli, tmp.resolve("data"), restores, "server");
        try {
            call(
                    s,
                    "POST",
                    "/api/v1/targets",
                    "{\"name\":\"nas\",\"location\":\"" + tmp.resolve("repo") + "\",\"password\":\"pw\",\"init\":true}",
                    201);
            Path file = tmp.resolve("policies.yaml");
            Files.writeString(file, """
                    assets:
                      - name: datasets
                        paths: [%s]
                    policies:
                      - name: nightly
                        assets: [datasets]
                        target: nas
                        stages:
                          - {type: backup, cron: "0 2 * * *", retention: {keepLast: 7}}
                    """.formatted(src));
            Map<String, String> env =
                    Map.of("HOLDFAST_SERVER", "http://127.0.0.1:" + s.port(), "HOLDFAST_SERVER_TOKEN", s.token());
            CliProcess.Result first =
                    cli.run(env, "policy", "apply", "-f", file.toString()).ok();
            assertThat(first.out()).contains("asset datasets: created").contains("policy nightly: created");
            CliProcess.Result again =
                    cli.run(env, "policy", "apply", "-f", file.toString()).ok();
            assertThat(again.out()).contains("asset datasets: unchanged").contains("policy nightly: unchanged");
            Files.writeString(file, Files.readString(file).replace("keepLast: 7", "keepLast: 8"));
            assertThat(cli.run(env, "policy", "apply", "-f", file.toString())
                            .ok()
                            .out())
                    .contains("asset datasets: unchanged")
                    .contains("policy nightly: updated");
            Files.writeString(
                    tmp.resolve("bad.yaml"),
                    "policies:\n  - {name: x, assets: [datasets], target: nas,"
                            + " stages: [{type: backup, every: soon}]}\n");
            CliProcess.Result bad = cli.run(
                    env, "policy", "apply", "-f", tmp.resolve("bad.yaml").toString());
            assertThat(bad.exit()).isEqualTo(1);
            assertThat(bad.err()).contains("policies[0].stages[0].every").doesNotContain("Exception");

            String pid = call(s, "GET", "/api/v1/policies/nightly", null, 200)
                    .get("id")
                    .asText();
            String job = call(s, "POST", "/api/v1/policies/" + pid + "/run", null, 202)
                    .get(0)
                    .get("id")
                    .asText();
            waitFor(s, "/api/v1/jobs/" + job, j -> j.get("state").asText().equals("succeeded"), Duration.ofSeconds(60));
            JsonNode listed = cli.run(env, "jobs", "--json").okJson();
            assertThat(listed.findValuesAsText("id")).contains(job); // with the index job the backup queued
            assertThat(cli.run(env, "jobs").ok().out()).contains(job).contains("succeeded");
            assertThat(cli.run(env, "jobs", "logs", job).ok().out()).contains("backup of asset datasets");
            CliProcess.Result noToken = cli.run(Map.of("HOLDFAST_SERVER", "http://127.0.0.1:" + s.port()), "jobs");
            assertThat(noToken.exit()).isEqualTo(1);
            assertThat(noToken.err()).contains("HOLDFAST_SERVER_TOKEN");
        } finally {
            s.process().destroy();
            s.process().waitFor();
        }
    }

    @Test
    void aServerKilledMidBackupInterruptsAndRetriesTheJob() throws Exception {
        CliProcess cli = new CliProcess(tmp);
        Path src = tmp.resolve("src");
        tree(src, 600L << 20);
        Path restores = Files.createDirectories(tmp.resolve("restores"));
        Path data = tmp.resolve("data");
        Running s = start(cli, data, restores, "first");
        String jobId;
        try {
            call(
                    s,
                    "POST",
                    "/api/v1/targets",
                    "{\"name\":\"local\",\"location\":\"" + tmp.resolve("repo")
                            + "\",\"password\":\"pw\",\"init\":true}",
                    201);
            call(s, "POST", "/api/v1/assets", "{\"name\":\"data\",\"paths\":[\"" + src + "\"]}", 201);
            JsonNode policy = call(
                    s,
                    "POST",
                    "/api/v1/policies",
                    "{\"name\":\"nightly\",\"assets\":[\"data\"],"
                            + "\"target\":\"local\",\"stages\":[{\"type\":\"backup\",\"cron\":\"0 2 * * *\"}]}",
                    201);
            JsonNode queued =
                    call(s, "POST", "/api/v1/policies/" + policy.get("id").asText() + "/run", null, 202);
            jobId = queued.get(0).get("id").asText();
            waitFor(s, "/api/v1/jobs/" + jobId, j -> j.at("/progress/bytesDone").asLong() > 0, Duration.ofSeconds(60));
        } finally {
            s.process().destroyForcibly(); // SIGKILL, mid-backup
            s.process().waitFor();
        }
        Running again = start(cli, data, restores, "second");
        try {
            JsonNode interrupted = call(again, "GET", "/api/v1/jobs/" + jobId, null, 200);
            assertThat(interrupted.get("state").asText()).isEqualTo("interrupted");
            JsonNode retried = waitFor(
                    again, "/api/v1/jobs?kind=backup&state=succeeded", j -> j.size() == 1, Duration.ofSeconds(120));
            assertThat(retried.get(0).get("retryOf").asText()).isEqualTo(jobId);
            assertThat(retried.get(0).get("attempt").asInt()).isEqualTo(2);
            assertThat(call(again, "GET", "/api/v1/audit?action=job.interrupted", null, 200)
                            .size())
                    .isEqualTo(1);
        } finally {
            again.process().destroy();
            again.process().waitFor();
        }
        ResticCheck.assertClean(tmp.resolve("repo"), "pw");
    }
}

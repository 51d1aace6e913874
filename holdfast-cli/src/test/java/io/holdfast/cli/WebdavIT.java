package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code webdav} (Holdfast's answer to restic's {@code mount}) as a WebDAV client sees it: restic's layout, PROPFIND
 * listings, file bytes whole and by range, file names that are not UTF-8, authentication, read-only, a shared lock
 * while it runs; and {@code mount} pointing to it.
 */
class WebdavIT {
    @TempDir
    Path tmp;

    @Test
    void servesSnapshotsReadOnlyAsResticsMountLaysThemOut() throws Exception {
        CliProcess cli = new CliProcess(tmp);
        Path src = Files.createDirectories(tmp.resolve("src/models"));
        byte[] weights = new byte[3_000_000];
        new Random(9).nextBytes(weights);
        Files.write(src.resolve("model.safetensors"), weights);
        // a file name that is not UTF-8 (Latin-1 "café"), made by python3 as Java cannot name it
        Process py = new ProcessBuilder(
                        "python3",
                        "-c",
                        "import sys; open(sys.argv[1].encode() + b'/caf\\xe9', 'wb').write(b'latin')",
                        src.toString())
                .inheritIO()
                .start();
        assertThat(py.waitFor()).isZero();
        Map<String, String> env =
                CliProcess.repositoryEnv(new HashMap<>(), tmp.resolve("repo").toString(), "pw");
        env.put("TZ", "UTC");
        env.put("HOLDFAST_WEBDAV_PASSWORD", "dav-secret");
        cli.run(env, "init").ok();
        cli.run(env, "backup", "--tag", "nightly", "--host", "trainer", src.toString())
                .ok();
        String id =
                cli.run(env, "snapshots", "--json").ok().out().replaceAll("(?s).*\"short_id\":\"([0-9a-f]+)\".*", "$1");

        Path out = tmp.resolve("webdav.out");
        Process server = cli.start(env, out, tmp.resolve("webdav.err"), "webdav", "--listen", "127.0.0.1:0");
        try {
            String url = awaitUrl(out, server);
            HttpClient http = HttpClient.newHttpClient();
            String auth = "Basic "
                    + Base64.getEncoder().encodeToString("holdfast:dav-secret".getBytes(StandardCharsets.UTF_8));

            HttpResponse<String> anonymous = http.send(
                    HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);

            HttpResponse<String> root = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .method("PROPFIND", HttpRequest.BodyPublishers.noBody())
                            .header("Depth", "1")
                            .header("Authorization", auth)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(root.statusCode()).isEqualTo(207);
            assertThat(root.body())
                    .contains(
                            "<D:href>/snapshots/</D:href>",
                            "<D:href>/ids/</D:href>",
                            "<D:href>/hosts/</D:href>",
                            "<D:href>/tags/</D:href>");

            String file = "ids/" + id + src.toString() + "/model.safetensors";
            HttpResponse<byte[]> whole = http.send(
                    HttpRequest.newBuilder(URI.create(url + file))
                            .header("Authorization", auth)
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(whole.statusCode()).isEqualTo(200);
            assertThat(whole.body()).isEqualTo(weights);
            HttpResponse<byte[]> part = http.send(
                    HttpRequest.newBuilder(URI.create(url + "tags/nightly/latest" + src + "/model.safetensors"))
                            .header("Authorization", auth)
                            .header("Range", "bytes=1000000-1000099")
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(part.statusCode()).isEqualTo(206);
            assertThat(part.body()).isEqualTo(java.util.Arrays.copyOfRange(weights, 1_000_000, 1_000_100));

            HttpResponse<String> dir = http.send(
                    HttpRequest.newBuilder(URI.create(url + "hosts/trainer/latest" + src + "/"))
                            .method("PROPFIND", HttpRequest.BodyPublishers.noBody())
                            .header("Depth", "1")
                            .header("Authorization", auth)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(dir.statusCode()).isEqualTo(207);
            assertThat(dir.body())
                    .contains("model.safetensors</D:href>")
                    .contains("<D:getcontentlength>3000000</D:getcontentlength>");

            HttpResponse<String> latin = http.send(
                    HttpRequest.newBuilder(URI.create(url + "ids/" + id + src + "/caf%E9"))
                            .header("Authorization", auth)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(latin.statusCode()).isEqualTo(200);
            assertThat(latin.body()).isEqualTo("latin");
            assertThat(dir.body()).contains("/caf%E9</D:href>");

            HttpResponse<String> put = http.send(
                    HttpRequest.newBuilder(URI.create(url + file))
                            .PUT(HttpRequest.BodyPublishers.ofString("x"))
                            .header("Authorization", auth)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).isEqualTo(405);
            HttpResponse<String> missing = http.send(
                    HttpRequest.newBuilder(URI.create(url + "ids/" + id + "/no/such"))
                            .header("Authorization", auth)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(missing.statusCode()).isEqualTo(404);

            assertThat(cli.run(env, "list", "locks").ok().out().lines())
                    .as("a shared lock while serving")
                    .hasSize(1);
            var prune = cli.run(env, "prune");
            assertThat(prune.exit()).as("prune waits for the shared lock").isEqualTo(11);
        } finally {
            server.destroy(); // SIGTERM: the shutdown hook removes the lock
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(cli.run(env, "list", "locks").ok().out()).isEmpty();

        var mount = cli.run(env, "mount", "/mnt/x");
        assertThat(mount.exit()).isEqualTo(1);
        assertThat(mount.err())
                .contains("holdfast webdav")
                .contains("mount -t davfs")
                .doesNotContain("Exception");
    }

    private static String awaitUrl(Path out, Process server) throws Exception {
        Pattern p = Pattern.compile("at (http://\\S+/)");
        for (int i = 0; i < 600; i++) {
            if (Files.exists(out)) {
                Matcher m = p.matcher(Files.readString(out));
                if (m.find()) {
                    return m.group(1);
                }
            }
            assertThat(server.isAlive()).as("webdav exited early").isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("webdav printed no URL");
    }
}

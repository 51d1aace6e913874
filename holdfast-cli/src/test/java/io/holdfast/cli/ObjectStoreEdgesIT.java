package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.holdfast.storage.s3.MotoServer;
import io.holdfast.storage.s3.S3ProxyServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The object-store source's edges through the packaged CLI: keys that cannot be paths (on moto, which stores keys as
 * given; S3Proxy keeps objects as files and cannot hold them) are reported and left out, and bad credentials, a
 * missing bucket or a malformed location give one line, a documented exit code and no snapshot.
 */
class ObjectStoreEdgesIT {
    @TempDir
    Path tmp;

    @Test
    void keysThatCannotBePathsAreReportedAndLeftOut() throws Exception {
        try (MotoServer moto = MotoServer.start(tmp.resolve("moto"));
                S3Objects s3 = new S3Objects(moto.endpoint(), moto.environment())) {
            s3.bucket("odd");
            Map<String, byte[]> objects = new LinkedHashMap<>();
            for (String key : new String[] {
                "k/fine.txt",
                "k/a//b",
                "k/./c",
                "k/../d",
                "k/clash",
                "k/clash/inner",
                "k/full-folder/",
                "k/empty-folder/"
            }) {
                objects.put(key, key.endsWith("empty-folder/") ? new byte[0] : key.getBytes(StandardCharsets.UTF_8));
            }
            s3.putAll("odd", objects);
            Map<String, String> env = CliProcess.repositoryEnv(
                    moto.environment(), tmp.resolve("repo").toString(), "odd");
            CliProcess cli = new CliProcess(tmp.resolve("app"));
            cli.run(env, "init").ok();

            CliProcess.Result r = cli.run(env, "--json", "backup", "--source", moto.location("odd", "k"));
            assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.BACKUP_PARTIAL);
            JsonNode summary = r.lastJson();
            assertThat(summary.get("files_new").asInt()).isEqualTo(2); // fine.txt and clash/inner
            assertThat(summary.get("errors").toString())
                    .contains(
                            "/s3/odd/k/a//b",
                            "/s3/odd/k/./c",
                            "/s3/odd/k/../d",
                            "/s3/odd/k/clash: object key is" + " also the prefix",
                            "/s3/odd/k/full-folder/");
            assertThat(summary.get("errors")).hasSize(5);
            String ls = cli.run(env, "ls", "latest").ok().out();
            assertThat(ls.lines())
                    .containsExactly(
                            ls.lines().findFirst().orElseThrow(),
                            "/s3",
                            "/s3/odd",
                            "/s3/odd/k",
                            "/s3/odd/k/clash",
                            "/s3/odd/k/clash/inner",
                            "/s3/odd/k/empty-folder",
                            "/s3/odd/k/fine.txt");
            ResticProcess.ok(env, "check", "--read-data");
        }
    }

    @Test
    void badCredentialsAMissingBucketOrABadLocationGiveOneLineAndNoSnapshot() throws Exception {
        try (S3ProxyServer server = S3ProxyServer.start(tmp.resolve("s3proxy"));
                S3Objects s3 = new S3Objects(server.endpoint(), server.environment())) {
            s3.bucket("there");
            s3.put("there", "p/object", new byte[] {1, 2, 3});
            Map<String, String> env = CliProcess.repositoryEnv(
                    server.environment(), tmp.resolve("repo").toString(), "bad");
            CliProcess cli = new CliProcess(tmp.resolve("app"));
            cli.run(env, "init").ok();

            Map<String, String> wrong = new HashMap<>(env);
            wrong.put("AWS_SECRET_ACCESS_KEY", "not-the-secret");
            CliProcess.Result r = cli.run(wrong, "backup", "--source", server.location("there", "p"));
            assertThat(r.exit()).isEqualTo(ExitCode.FATAL);
            assertThat(r.err().strip().lines()).hasSize(1);
            assertThat(r.err()).contains("check AWS_SECRET_ACCESS_KEY").doesNotContain("Exception");

            r = cli.run(env, "backup", "--source", server.location("no-such-bucket", "p"));
            assertThat(r.exit()).isEqualTo(ExitCode.FATAL);
            assertThat(r.err().strip().lines()).hasSize(1);
            assertThat(r.err()).contains("the bucket does not exist").doesNotContain("Exception");

            r = cli.run(env, "restore", "latest", "--target", server.location("no-such-bucket", "p"));
            assertThat(r.exit()).isEqualTo(ExitCode.FATAL);

            r = cli.run(env, "backup", "--source", "s3:http:///nothing");
            assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
            assertThat(r.err().strip().lines()).hasSize(1);
            r = cli.run(env, "backup", "--source", server.location("there", "p"), tmp.toString());
            assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
            assertThat(r.err()).contains("--source cannot be used with paths");

            assertThat(cli.run(env, "--json", "snapshots").ok().lastJson()).isEmpty();
            cli.run(env, "backup", "--source", server.location("there", "p")).ok();
            assertThat(cli.run(env, "--json", "snapshots").ok().lastJson()).hasSize(1);
        }
    }
}

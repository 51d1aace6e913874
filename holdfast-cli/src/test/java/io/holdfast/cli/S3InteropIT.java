package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.holdfast.storage.s3.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S3 repositories through the packaged Holdfast and the real restic, on one real S3 server (S3Proxy, signatures
 * checked): restic reads and checks what Holdfast writes to a bucket, Holdfast reads, checks and extends what restic
 * writes, and bad credentials or a missing bucket give one clear line.
 */
class S3InteropIT {
    @TempDir
    static Path work;

    static S3ProxyServer server;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start(work.resolve("s3proxy"));
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private Map<String, String> env(String location) {
        return CliProcess.repositoryEnv(server.environment(), location, "s3-interop");
    }

    private Path tree() throws Exception {
        Path src = tmp.resolve("src");
        Files.createDirectories(src.resolve("sub"));
        Files.writeString(src.resolve("a.txt"), "alpha\n".repeat(1000));
        byte[] big = new byte[5 << 20];
        new java.util.Random(7).nextBytes(big);
        Files.write(src.resolve("big.bin"), big);
        Files.createSymbolicLink(src.resolve("link"), Path.of("a.txt"));
        return src;
    }

    @Test
    void resticReadsWhatHoldfastWritesToABucket() throws Exception {
        Map<String, String> env = env(server.location("interop", "holdfast-made"));
        CliProcess cli = new CliProcess(tmp.resolve("app"));
        Path src = tree();
        cli.run(env, "init").ok();
        cli.run(env, "backup", src.toString()).ok();
        cli.run(env, "check", "--read-data").ok();

        assertThat(restic(env, "check", "--read-data").exit()).isZero();
        Path target = tmp.resolve("by-restic");
        CliProcess.Result r = restic(env, "restore", "latest", "--target", target.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        CliProcess.assertSameTree(src, target.resolve(src.toString().substring(1)));
    }

    @Test
    void holdfastReadsAndExtendsWhatResticWritesToABucket() throws Exception {
        Map<String, String> env = env(server.location("interop", "restic-made/deeper"));
        CliProcess cli = new CliProcess(tmp.resolve("app"));
        Path src = tree();
        assertThat(restic(env, "init").exit()).isZero();
        assertThat(restic(env, "backup", src.toString()).exit()).isZero();

        cli.run(env, "check", "--read-data").ok();
        Path target = tmp.resolve("by-holdfast");
        cli.run(env, "restore", "latest", "--target", target.toString()).ok();
        CliProcess.assertSameTree(src, target.resolve(src.toString().substring(1)));

        Files.writeString(src.resolve("sub/new.txt"), "added by the second backup\n");
        cli.run(env, "backup", src.toString()).ok();
        CliProcess.Result check = restic(env, "check", "--read-data");
        assertThat(check.exit()).as(check.err()).isZero();
        assertThat(restic(env, "snapshots").out()).contains("2 snapshots");
    }

    @Test
    void copyBetweenLocalAndS3BothWaysTransfersOnce() throws Exception {
        CliProcess cli = new CliProcess(tmp.resolve("app"));
        Path src = tree();
        String local = tmp.resolve("local").toString();
        String s3 = server.location("copies", "mirror");
        Map<String, String> localEnv = env(local);
        cli.run(localEnv, "init").ok();
        cli.run(localEnv, "backup", src.toString()).ok();

        Map<String, String> toS3 = env(s3);
        toS3.put("HOLDFAST_FROM_REPOSITORY", local);
        toS3.put("HOLDFAST_FROM_PASSWORD", "s3-interop");
        cli.run(toS3, "init").ok();
        JsonNode first = cli.run(toS3, "--json", "copy").okJson();
        assertThat(first.get("snapshots_copied")).hasSize(1);
        JsonNode again = cli.run(toS3, "--json", "copy").okJson();
        assertThat(again.get("snapshots_copied")).isEmpty();
        assertThat(again.get("data_blobs").asLong()).isZero();
        assertThat(ResticProcess.run(toS3, "check", "--read-data").exit()).isZero();

        Map<String, String> back = env(tmp.resolve("back").toString());
        back.put("HOLDFAST_FROM_REPOSITORY", s3);
        back.put("HOLDFAST_FROM_PASSWORD", "s3-interop");
        cli.run(back, "init").ok();
        assertThat(cli.run(back, "--json", "copy").okJson().get("snapshots_copied"))
                .hasSize(1);
        assertThat(cli.run(back, "--json", "copy").okJson().get("data_blobs").asLong())
                .isZero();
        Path target = tmp.resolve("restored");
        cli.run(back, "restore", "latest", "--target", target.toString()).ok();
        CliProcess.assertSameTree(src, target.resolve(src.toString().substring(1)));
    }

    @Test
    void wrongCredentialsAndAMissingBucketGiveOneLine() throws Exception {
        CliProcess cli = new CliProcess(tmp.resolve("app"));
        Map<String, String> env = env(server.location("interop", "creds"));
        cli.run(env, "init").ok();

        Map<String, String> wrong = new HashMap<>(env);
        wrong.put("AWS_SECRET_ACCESS_KEY", "not-the-secret");
        CliProcess.Result r = cli.run(wrong, "snapshots");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("check AWS_SECRET_ACCESS_KEY").doesNotContain("Exception");

        r = cli.run(env(server.location("no-such-bucket", "x")), "snapshots");
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.REPOSITORY_NOT_FOUND);
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    private static CliProcess.Result restic(Map<String, String> env, String... args) throws Exception {
        return ResticProcess.run(env, args);
    }
}

package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.holdfast.storage.s3.S3ProxyServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
        Map<String, String> env = new HashMap<>(server.environment());
        env.put("HOLDFAST_REPOSITORY", location);
        env.put("HOLDFAST_PASSWORD", "s3-interop");
        env.put("RESTIC_REPOSITORY", location);
        env.put("RESTIC_PASSWORD", "s3-interop");
        return env;
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
        ok(cli.run(env, "init"));
        ok(cli.run(env, "backup", src.toString()));
        ok(cli.run(env, "check", "--read-data"));

        assertThat(restic(env, "check", "--read-data").exit()).isZero();
        Path target = tmp.resolve("by-restic");
        CliProcess.Result r = restic(env, "restore", "latest", "--target", target.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertSame(src, target.resolve(src.toString().substring(1)));
    }

    @Test
    void holdfastReadsAndExtendsWhatResticWritesToABucket() throws Exception {
        Map<String, String> env = env(server.location("interop", "restic-made/deeper"));
        CliProcess cli = new CliProcess(tmp.resolve("app"));
        Path src = tree();
        assertThat(restic(env, "init").exit()).isZero();
        assertThat(restic(env, "backup", src.toString()).exit()).isZero();

        ok(cli.run(env, "check", "--read-data"));
        Path target = tmp.resolve("by-holdfast");
        ok(cli.run(env, "restore", "latest", "--target", target.toString()));
        assertSame(src, target.resolve(src.toString().substring(1)));

        Files.writeString(src.resolve("sub/new.txt"), "added by the second backup\n");
        ok(cli.run(env, "backup", src.toString()));
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
        ok(cli.run(localEnv, "init"));
        ok(cli.run(localEnv, "backup", src.toString()));

        Map<String, String> toS3 = env(s3);
        toS3.put("HOLDFAST_FROM_REPOSITORY", local);
        toS3.put("HOLDFAST_FROM_PASSWORD", "s3-interop");
        ok(cli.run(toS3, "init"));
        JsonNode first = lastJson(cli.run(toS3, "--json", "copy"));
        assertThat(first.get("snapshots_copied")).hasSize(1);
        JsonNode again = lastJson(cli.run(toS3, "--json", "copy"));
        assertThat(again.get("snapshots_copied")).isEmpty();
        assertThat(again.get("data_blobs").asLong()).isZero();
        assertThat(ResticProcess.run(toS3, "check", "--read-data").exit()).isZero();

        Map<String, String> back = env(tmp.resolve("back").toString());
        back.put("HOLDFAST_FROM_REPOSITORY", s3);
        back.put("HOLDFAST_FROM_PASSWORD", "s3-interop");
        ok(cli.run(back, "init"));
        assertThat(lastJson(cli.run(back, "--json", "copy")).get("snapshots_copied"))
                .hasSize(1);
        assertThat(lastJson(cli.run(back, "--json", "copy")).get("data_blobs").asLong())
                .isZero();
        Path target = tmp.resolve("restored");
        ok(cli.run(back, "restore", "latest", "--target", target.toString()));
        assertSame(src, target.resolve(src.toString().substring(1)));
    }

    private static JsonNode lastJson(CliProcess.Result r) throws Exception {
        ok(r);
        String[] lines = r.out().strip().split("\n");
        return new ObjectMapper().readTree(lines[lines.length - 1]);
    }

    @Test
    void wrongCredentialsAndAMissingBucketGiveOneLine() throws Exception {
        CliProcess cli = new CliProcess(tmp.resolve("app"));
        Map<String, String> env = env(server.location("interop", "creds"));
        ok(cli.run(env, "init"));

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

    private static void ok(CliProcess.Result r) {
        assertThat(r.exit()).as("stdout: %s%nstderr: %s", r.out(), r.err()).isZero();
    }

    private static void assertSame(Path expected, Path actual) throws Exception {
        Process p = new ProcessBuilder("diff", "-r", "--no-dereference", expected.toString(), actual.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as("diff -r:%n%s", out).isZero();
    }

    private static CliProcess.Result restic(Map<String, String> env, String... args) throws Exception {
        return ResticProcess.run(env, args);
    }
}

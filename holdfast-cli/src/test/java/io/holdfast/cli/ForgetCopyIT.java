package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** forget and copy through the packaged application: exit codes, text and JSON output. */
class ForgetCopyIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    CliProcess cli;
    Path src;
    Map<String, String> env;

    @BeforeEach
    void threeSnapshots() throws Exception {
        cli = new CliProcess(tmp);
        src = Files.createDirectories(tmp.resolve("src/data"));
        env = new HashMap<>(Map.of("HOLDFAST_REPOSITORY", tmp.resolve("repo").toString(), "HOLDFAST_PASSWORD", "pw"));
        ok(env, "init");
        for (int i = 0; i < 3; i++) {
            Files.writeString(src.resolve("file.txt"), "version " + i + "\n");
            ok(env, "backup", src.toString());
        }
    }

    private CliProcess.Result ok(Map<String, String> e, String... args) throws Exception {
        CliProcess.Result r = cli.run(e, args);
        assertThat(r.exit())
                .as("holdfast %s\nstdout: %s\nstderr: %s", String.join(" ", args), r.out(), r.err())
                .isZero();
        return r;
    }

    private static JsonNode lastJson(CliProcess.Result r) throws Exception {
        String[] lines = r.out().strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }

    private int snapshotCount(Map<String, String> e) throws Exception {
        return lastJson(ok(e, "--json", "snapshots")).size();
    }

    @Test
    void forgetPlansWithDryRunAndThenRemoves() throws Exception {
        JsonNode plan = lastJson(ok(env, "--json", "forget", "--dry-run", "--keep-last", "1"));
        assertThat(plan).hasSize(1);
        JsonNode group = plan.get(0);
        assertThat(group.get("host").asText()).isNotEmpty();
        assertThat(group.get("paths").get(0).asText()).isEqualTo(src.toString());
        assertThat(group.get("tags").isNull()).isTrue();
        assertThat(group.get("keep")).hasSize(1);
        assertThat(group.get("remove")).hasSize(2);
        assertThat(group.get("reasons").get(0).get("matches").get(0).asText()).isEqualTo("last snapshot");
        assertThat(group.get("reasons").get(0).get("snapshot").get("tree").asText())
                .hasSize(64);
        String kept = group.get("keep").get(0).get("id").asText();
        assertThat(group.get("keep").get(0).get("short_id").asText()).isEqualTo(kept.substring(0, 8));
        assertThat(snapshotCount(env)).isEqualTo(3);

        String text = ok(env, "forget", "--keep-last", "1").out();
        assertThat(text)
                .contains("Applying Policy: keep 1 latest snapshots")
                .contains("keep 1 snapshots:")
                .contains("Reasons")
                .contains("last snapshot")
                .contains("remove 2 snapshots:")
                .contains("removed 2 snapshots");
        JsonNode left = lastJson(ok(env, "--json", "snapshots"));
        assertThat(left).hasSize(1);
        assertThat(left.get(0).get("id").asText()).isEqualTo(kept);
        assertThat(ok(env, "check").out()).contains("no errors were found");
    }

    @Test
    void forgetRejectsWhatItCannotDo() throws Exception {
        CliProcess.Result badDuration = cli.run(env, "forget", "--keep-within", "3x");
        assertThat(badDuration.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(badDuration.err()).contains("invalid unit 'x'");
        assertThat(cli.run(env, "forget", "--keep-last", "-1").exit()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.run(env, "forget", "--group-by", "user").exit()).isEqualTo(ExitCode.USAGE);

        CliProcess.Result nothing = ok(env, "forget");
        assertThat(nothing.out()).contains("no policy was specified, no snapshots will be removed");
        assertThat(snapshotCount(env)).isEqualTo(3);
    }

    @Test
    void copyTransfersOnceAndReportsJson() throws Exception {
        Path pwFile = tmp.resolve("source-password");
        Files.writeString(pwFile, "pw\n");
        Map<String, String> dst = new HashMap<>(
                Map.of("HOLDFAST_REPOSITORY", tmp.resolve("copy").toString(), "HOLDFAST_PASSWORD", "other-pw"));
        ok(dst, "init");
        String from = tmp.resolve("repo").toString();

        JsonNode first =
                lastJson(ok(dst, "--json", "copy", "--from-repo", from, "--from-password-file", pwFile.toString()));
        assertThat(first.get("message_type").asText()).isEqualTo("summary");
        assertThat(first.get("snapshots_copied")).hasSize(3);
        assertThat(first.get("snapshots_skipped")).isEmpty();
        assertThat(first.get("data_blobs").asLong()).isPositive();

        Map<String, String> withEnv = new HashMap<>(dst);
        withEnv.put("HOLDFAST_FROM_REPOSITORY", from);
        withEnv.put("HOLDFAST_FROM_PASSWORD", "pw");
        JsonNode again = lastJson(ok(withEnv, "--json", "copy"));
        assertThat(again.get("snapshots_copied")).isEmpty();
        assertThat(again.get("snapshots_skipped")).hasSize(3);
        assertThat(again.get("data_blobs").asLong()).isZero();
        // with --rechunk trees differ by construction: the copies made without it still count
        assertThat(ok(withEnv, "copy", "--rechunk", "latest").out()).contains("copied 0 snapshots, skipped 1");
        assertThat(snapshotCount(dst)).isEqualTo(3);
        assertThat(ok(dst, "check", "--read-data").out()).contains("no errors were found");

        CliProcess.Result noSource = cli.run(dst, "copy");
        assertThat(noSource.exit()).isEqualTo(ExitCode.FATAL);
        assertThat(noSource.err()).contains("--from-repo");
        Map<String, String> wrong = new HashMap<>(withEnv);
        wrong.put("HOLDFAST_FROM_PASSWORD", "wrong");
        assertThat(cli.run(wrong, "copy").exit()).isEqualTo(ExitCode.WRONG_PASSWORD);
        assertThat(cli.run(
                                withEnv,
                                "copy",
                                "--from-repo",
                                tmp.resolve("missing").toString())
                        .exit())
                .isEqualTo(ExitCode.REPOSITORY_NOT_FOUND);
    }
}

package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backup --pre/--post}: pre runs before anything is read, post after the data is stored and before the snapshot
 * is saved, and also after a failure; both recorded in the summary; a failing pre stops the backup.
 */
class BackupHooksTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    Map<String, String> env;
    Path src;
    Path status;

    @BeforeEach
    void repository() throws Exception {
        src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("data.txt"), "rows\n");
        status = tmp.resolve("post-status");
        env = Map.of("HOLDFAST_REPOSITORY", tmp.resolve("repo").toString(), "HOLDFAST_PASSWORD", "pw");
        assertThat(new TestCli(env).run("init")).isZero();
    }

    private String post() {
        return "echo $HOLDFAST_HOOK $HOLDFAST_BACKUP_STATUS > '" + status + "'";
    }

    private JsonNode snapshots() throws Exception {
        TestCli cli = new TestCli(env);
        assertThat(cli.run("snapshots", "--json")).isZero();
        return JSON.readTree(cli.out());
    }

    @Test
    void preRunsBeforeReadingAndPostBeforeTheSnapshotBothRecorded() throws Exception {
        TestCli cli = new TestCli(env);
        int exit = cli.run(
                "--json",
                "backup",
                "--pre",
                "echo flushed > '" + src.resolve("checkpoint.marker") + "'; echo froze",
                "--post",
                post(),
                src.toString());

        assertThat(exit).as(cli.err()).isZero();
        assertThat(status).hasContent("post success");
        JsonNode summary =
                JSON.readTree(cli.out().strip().lines().reduce((a, b) -> b).orElseThrow());
        assertThat(summary.get("hooks").get(0).get("stage").asText()).isEqualTo("pre");
        assertThat(summary.get("hooks").get(0).get("output").asText()).isEqualTo("froze\n");
        assertThat(summary.get("hooks").get(1).get("exit_code").asInt()).isZero();
        JsonNode stored = snapshots().get(0).get("summary").get("hooks");
        assertThat(stored).hasSize(2);
        assertThat(stored.get(1).get("stage").asText()).isEqualTo("post");
        TestCli ls = new TestCli(env);
        assertThat(ls.run("ls", "latest")).isZero();
        assertThat(ls.out()).as("what pre wrote was read after it").contains("checkpoint.marker");
    }

    @Test
    void aFailingPreStopsTheBackupAndPostStillRuns() throws Exception {
        TestCli cli = new TestCli(env);
        int exit = cli.run("backup", "--pre", "echo db busy >&2; exit 7", "--post", post(), src.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(cli.err())
                .contains("the --pre command failed (exit code 7: db busy); nothing was backed up")
                .doesNotContain("Exception");
        assertThat(status).hasContent("post failure");
        assertThat(snapshots()).isEmpty();
    }

    @Test
    void postRunsAfterAFailedBackupAndAFailingPostIsExitCodeThree() throws Exception {
        TestCli missing = new TestCli(env);
        assertThat(missing.run(
                        "backup",
                        "--pre",
                        "true",
                        "--post",
                        post(),
                        tmp.resolve("nope").toString()))
                .isEqualTo(1);
        assertThat(status).hasContent("post failure");

        TestCli failing = new TestCli(env);
        assertThat(failing.run("backup", "--post", "echo thaw failed; exit 2", src.toString()))
                .isEqualTo(3);
        assertThat(failing.err()).contains("--post exited with 2").contains("thaw failed");
        assertThat(snapshots()).hasSize(1);
        assertThat(new TestCli(env).run("backup", "--hook-timeout", "1s", src.toString()))
                .isEqualTo(2);
    }
}

package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rewrite} (restic 0.15's command; the restic 0.14 here has none): the rewritten snapshot holds what restic's
 * own backup with the same excludes holds, restic checks and restores it, and {@code --forget}, {@code --dry-run},
 * {@code --new-host} and the legal-hold refusal behave as documented.
 */
class RewriteIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    CliProcess cli;
    Map<String, String> env;
    Path src;

    @BeforeEach
    void repository() throws Exception {
        cli = new CliProcess(tmp);
        src = Files.createDirectories(tmp.resolve("src"));
        Files.createDirectories(src.resolve("data/secrets"));
        Files.writeString(src.resolve("data/train.jsonl"), "{\"x\":1}\n");
        Files.writeString(src.resolve("data/secrets/api.key"), "sk-not-for-backups\n");
        Files.writeString(src.resolve("data/notes.tmp"), "scratch\n");
        Files.writeString(src.resolve("keep.md"), "# keep\n");
        env = CliProcess.repositoryEnv(new HashMap<>(), tmp.resolve("repo").toString(), "pw");
        env.put("TZ", "UTC");
        ResticProcess.ok(env, "init");
        ResticProcess.ok(env, "backup", "--host", "orig", src.toString());
        ResticProcess.ok(env, "backup", "--host", "reference", "-e", "secrets", "-e", "*.tmp", src.toString());
    }

    private List<String> paths(String snapshot) throws Exception {
        return ResticProcess.ok(env, "ls", snapshot)
                .out()
                .lines()
                .skip(1)
                .sorted()
                .toList();
    }

    private JsonNode snapshots(String... filter) throws Exception {
        List<String> args = new ArrayList<>(List.of("--json", "snapshots"));
        args.addAll(List.of(filter));
        return JSON.readTree(ResticProcess.ok(env, args.toArray(String[]::new)).out());
    }

    @Test
    void rewriteLeavesOutWhatABackupWithTheSameExcludesLeavesOut() throws Exception {
        String original = snapshots("--host", "orig").get(0).get("id").asText();

        String out = cli.run(env, "-vv", "rewrite", "--host", "orig", "-e", "secrets", "-e", "*.tmp")
                .ok()
                .out();

        assertThat(out)
                .contains("snapshot " + original.substring(0, 8) + " of [" + src + "]")
                .contains("excluding \"" + src + "/data/secrets\"")
                .containsPattern("saved new snapshot [0-9a-f]{8}")
                .endsWith("modified 1 snapshots\n");
        JsonNode orig = snapshots("--host", "orig");
        assertThat(orig).hasSize(2);
        JsonNode rewritten = null;
        for (JsonNode s : orig) {
            if (s.path("original").asText().equals(original)) {
                rewritten = s;
            }
        }
        assertThat(rewritten).as("a snapshot with original = %s", original).isNotNull();
        assertThat(rewritten.get("tags").toString()).contains("rewrite");
        String reference = snapshots("--host", "reference").get(0).get("id").asText();
        assertThat(paths(rewritten.get("id").asText()))
                .isEqualTo(paths(reference))
                .doesNotContain(src + "/data/secrets/api.key");
        assertThat(ResticProcess.ok(env, "check", "--read-data").out()).contains("no errors were found");
        Path restored = tmp.resolve("restored");
        ResticProcess.ok(env, "restore", rewritten.get("id").asText(), "--target", restored.toString());
        assertThat(restored.resolve(src.toString().substring(1)).resolve("data/train.jsonl"))
                .hasContent("{\"x\":1}");
        assertThat(restored.resolve(src.toString().substring(1)).resolve("data/secrets"))
                .doesNotExist();

        assertThat(cli.run(env, "rewrite", "--host", "reference", "-e", "secrets")
                        .ok()
                        .out())
                .endsWith("no snapshots were modified\n");
    }

    @Test
    void forgetRemovesTheOriginalDryRunChangesNothingAndHeldSnapshotsStay() throws Exception {
        String before = ResticProcess.ok(env, "list", "snapshots").out();
        assertThat(cli.run(env, "rewrite", "--dry-run", "--forget", "-e", "*.tmp")
                        .ok()
                        .out())
                .contains("would save new snapshot", "would remove old snapshot")
                .endsWith("would modify 1 snapshots\n");
        assertThat(ResticProcess.ok(env, "list", "snapshots").out()).isEqualTo(before);

        String reference = snapshots("--host", "reference").get(0).get("id").asText();
        cli.run(env, "hold", "add", reference.substring(0, 8), "--reason", "audit")
                .ok();
        var refused = cli.run(env, "rewrite", "--forget", "--new-host", "moved");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("legal hold").contains("nothing was changed");
        assertThat(ResticProcess.ok(env, "list", "snapshots").out()).isEqualTo(before);

        String orig = snapshots("--host", "orig").get(0).get("id").asText();
        String out = cli.run(env, "rewrite", "--forget", "--new-host", "moved", orig.substring(0, 8))
                .ok()
                .out();
        assertThat(out).contains("removed old snapshot " + orig.substring(0, 8));
        assertThat(snapshots("--host", "orig")).isEmpty();
        JsonNode moved = snapshots("--host", "moved");
        assertThat(moved).hasSize(1);
        assertThat(moved.get(0).get("original").asText()).isEqualTo(orig);
        assertThat(moved.get(0).has("tags")).as("--forget adds no rewrite tag").isFalse();
        assertThat(ResticProcess.ok(env, "check").out()).contains("no errors were found");

        var nothing = cli.run(env, "rewrite");
        assertThat(nothing.exit()).isEqualTo(1);
        assertThat(nothing.err()).contains("Nothing to do");
    }
}

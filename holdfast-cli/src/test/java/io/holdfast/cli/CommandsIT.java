package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command, end to end, through the packaged application. */
class CommandsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private CliProcess.Result ok(CliProcess cli, Map<String, String> env, String... args) throws Exception {
        CliProcess.Result r = cli.run(env, args);
        assertThat(r.exit())
                .as("holdfast %s\nstderr: %s", String.join(" ", args), r.err())
                .isZero();
        return r;
    }

    /** The last line of --json output: status lines come first, the result last. */
    private static JsonNode lastJson(CliProcess.Result r) throws Exception {
        String[] lines = r.out().strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }

    @Test
    void theWholeCycle() throws Exception {
        CliProcess cli = new CliProcess(tmp);
        Path repo = tmp.resolve("repo");
        Path src = Files.createDirectories(tmp.resolve("src/data"));
        Files.writeString(src.resolve("a.txt"), "alpha\n");
        Files.writeString(src.resolve("b.txt"), "beta\n");
        Files.writeString(src.resolve("skip.tmp"), "temporary\n");
        Map<String, String> env =
                new HashMap<>(Map.of("HOLDFAST_REPOSITORY", repo.toString(), "HOLDFAST_PASSWORD", "pw1"));

        assertThat(ok(cli, env, "init").out()).contains("created holdfast repository");
        JsonNode first =
                lastJson(ok(cli, env, "--json", "backup", "--exclude", "*.tmp", "--tag", "one", src.toString()));
        assertThat(first.get("message_type").asText()).isEqualTo("summary");
        assertThat(first.get("files_new").asInt()).isEqualTo(2);
        String snap1 = first.get("snapshot_id").asText();

        Files.writeString(src.resolve("a.txt"), "alpha changed\n");
        Files.writeString(src.resolve("c.txt"), "gamma\n");
        JsonNode second = lastJson(ok(cli, env, "--json", "backup", "--exclude", "*.tmp", src.toString()));
        assertThat(second.get("files_changed").asInt()).isEqualTo(1);
        assertThat(second.get("files_new").asInt()).isEqualTo(1);
        assertThat(second.get("files_unmodified").asInt()).isEqualTo(1);
        String snap2 = second.get("snapshot_id").asText();

        JsonNode snaps = lastJson(ok(cli, env, "--json", "snapshots"));
        assertThat(snaps).hasSize(2);
        assertThat(snaps.get(0).get("tags").get(0).asText()).isEqualTo("one");
        assertThat(ok(cli, env, "snapshots").out())
                .contains(snap1.substring(0, 8))
                .contains("2 snapshots");

        String ls = ok(cli, env, "ls", "latest").out();
        assertThat(ls)
                .contains(src.resolve("a.txt").toString(), src.resolve("c.txt").toString())
                .doesNotContain("skip.tmp");
        assertThat(ok(cli, env, "ls", "-l", snap1, src.toString()).out())
                .contains("-rw-")
                .doesNotContain("c.txt");

        String diff = ok(cli, env, "diff", snap1, snap2).out();
        assertThat(diff).contains("M    " + src.resolve("a.txt")).contains("+    " + src.resolve("c.txt"));

        JsonNode stats = lastJson(ok(cli, env, "--json", "stats", "latest"));
        // restic's restore-size mode counts every node: the three files and each directory on the path to them
        assertThat(stats.get("total_file_count").asInt()).isEqualTo(3 + src.getNameCount());
        JsonNode raw = lastJson(ok(cli, env, "--json", "stats", "--mode", "raw-data"));
        assertThat(raw.get("total_blob_count").asInt()).isGreaterThan(4);

        JsonNode config = lastJson(ok(cli, env, "cat", "config"));
        assertThat(config.get("version").asInt()).isEqualTo(2);
        JsonNode snapJson = lastJson(ok(cli, env, "cat", "snapshot", snap2.substring(0, 8)));
        assertThat(snapJson.get("parent").asText()).isEqualTo(snap1);

        assertThat(ok(cli, env, "check", "--read-data").out()).contains("no errors were found");
        assertThat(ok(cli, env, "check", "--read-data-subset", "1/2").out()).contains("no errors were found");

        Path target = tmp.resolve("restore");
        ok(cli, env, "restore", snap1 + ":" + src, "--target", target.toString(), "--verify");
        assertThat(target.resolve("a.txt")).hasContent("alpha");
        assertThat(target.resolve("c.txt")).doesNotExist();
        CliProcess.Result again = cli.run(env, "restore", snap1 + ":" + src, "--target", target.toString());
        assertThat(again.exit()).as("existing files are kept, not errors").isZero();
        assertThat(again.out()).contains("kept 2 existing objects (use --overwrite to replace them");
        ok(cli, env, "restore", "latest:" + src, "--target", target.toString(), "--overwrite", "--include", "a.txt");
        assertThat(target.resolve("a.txt")).hasContent("alpha changed");
        assertThat(target.resolve("c.txt")).doesNotExist();

        Path newPw = tmp.resolve("pw2");
        Files.writeString(newPw, "pw2\n");
        ok(cli, env, "key", "add", "--new-password-file", newPw.toString());
        Map<String, String> env2 = new HashMap<>(env);
        env2.put("HOLDFAST_PASSWORD", "pw2");
        JsonNode keys = lastJson(ok(cli, env2, "--json", "key", "list"));
        assertThat(keys).hasSize(2);
        String oldKey = keys.get(0).get("current").asBoolean()
                ? keys.get(1).get("id").asText()
                : keys.get(0).get("id").asText();
        ok(cli, env2, "key", "remove", oldKey.substring(0, 8));
        assertThat(cli.run(env, "snapshots").exit()).isEqualTo(12);
        assertThat(ok(cli, env2, "unlock").out()).contains("removed 0 locks");
    }

    @Test
    void stdinAndCommandOutput() throws Exception {
        CliProcess cli = new CliProcess(tmp);
        Map<String, String> env =
                Map.of("HOLDFAST_REPOSITORY", tmp.resolve("repo").toString(), "HOLDFAST_PASSWORD", "pw");
        ok(cli, env, "init");
        JsonNode r = lastJson(ok(
                cli,
                env,
                "--json",
                "backup",
                "--stdin-from-command",
                "--stdin-filename",
                "dump.sql",
                "--",
                "sh",
                "-c",
                "echo 'CREATE TABLE t;'"));
        assertThat(r.get("total_files_processed").asInt()).isEqualTo(1);
        CliProcess.Result failed =
                cli.run(env, "backup", "--stdin-from-command", "--", "sh", "-c", "echo partial; exit 7");
        assertThat(failed.exit()).isEqualTo(1);
        assertThat(failed.err()).contains("exited with status 7").contains("no snapshot");
        assertThat(lastJson(ok(cli, env, "--json", "snapshots"))).hasSize(1);
        Path target = tmp.resolve("t");
        ok(cli, env, "restore", "latest", "--target", target.toString());
        assertThat(target.resolve("dump.sql")).hasContent("CREATE TABLE t;");
    }

    @Test
    void quickstartRunsTwiceAndResticReadsItsRepository() throws Exception {
        CliProcess cli = new CliProcess(tmp);
        Path dir = tmp.resolve("qs");
        Map<String, String> env = Map.of();
        CliProcess.Result first = ok(cli, env, "quickstart", "--dir", dir.toString());
        assertThat(first.out())
                .contains("Quickstart complete")
                .contains("byte for byte")
                .contains("Next steps:");
        assertThat(java.nio.file.Files.getPosixFilePermissions(dir.resolve("password")))
                .containsExactlyInAnyOrder(
                        java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        CliProcess.Result second = ok(cli, env, "quickstart", "--dir", dir.toString());
        assertThat(second.out()).contains("using existing repository").contains("snapshots in the repository: 2");
        ProcessBuilder pb = new ProcessBuilder(
                        "restic",
                        "--no-cache",
                        "-r",
                        dir.resolve("repository").toString(),
                        "--password-file",
                        dir.resolve("password").toString(),
                        "check",
                        "--read-data")
                .redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
    }
}

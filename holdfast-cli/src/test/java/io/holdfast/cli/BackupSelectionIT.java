package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backup --dry-run}, {@code --exclude-larger-than}, {@code --one-file-system} and {@code --time}, side by side
 * with restic's on one repository restic made.
 */
class BackupSelectionIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    CliProcess cli;
    Map<String, String> env;
    Path src;

    @BeforeEach
    void repository() throws Exception {
        cli = new CliProcess(tmp);
        src = Files.createDirectories(tmp.resolve("src/sub"));
        Random random = new Random(5);
        for (int i = 0; i < 6; i++) {
            byte[] data = new byte[i * 90_000 + 10];
            random.nextBytes(data);
            Files.write(src.resolve("f" + i + ".bin"), data);
        }
        Files.writeString(src.getParent().resolve("small.txt"), "small\n");
        src = src.getParent();
        env = CliProcess.repositoryEnv(new HashMap<>(), tmp.resolve("repo").toString(), "pw");
        env.put("TZ", "UTC");
        ResticProcess.ok(env, "init");
    }

    /** Every file of the repository with its size: what a dry run must leave as it was. */
    private Map<String, Long> repositoryFiles() throws Exception {
        Map<String, Long> files = new TreeMap<>();
        Path repo = tmp.resolve("repo");
        try (Stream<Path> all = Files.walk(repo)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                files.put(repo.relativize(p).toString(), Files.size(p));
            }
        }
        return files;
    }

    @Test
    void dryRunCountsWhatResticCountsAndWritesNothing() throws Exception {
        Map<String, Long> before = repositoryFiles();

        // restic first: it reads directories without O_NOATIME, so their atimes (recorded in tree blobs) change
        // under it; Holdfast's runs after it (O_NOATIME) all see the same metadata
        JsonNode restic = JSON.readTree(ResticProcess.ok(env, "backup", "-n", "--json", src.toString())
                .out()
                .lines()
                .reduce((a, b) -> b)
                .orElseThrow());
        JsonNode holdfast =
                cli.run(env, "backup", "--dry-run", "--json", src.toString()).okJson();
        String text = cli.run(env, "backup", "-n", src.toString()).ok().out();

        assertThat(repositoryFiles()).isEqualTo(before);
        assertThat(holdfast.get("dry_run").asBoolean()).isTrue();
        assertThat(restic.get("dry_run").asBoolean()).isTrue();
        for (String field : List.of("files_new", "dirs_new", "data_blobs", "total_files_processed")) {
            assertThat(holdfast.get(field).asLong())
                    .as(field)
                    .isEqualTo(restic.get(field).asLong());
        }
        assertThat(holdfast.get("data_added").asLong()).isGreaterThan(450_000);
        assertThat(text).contains("Would add to the repository: ").doesNotContain("saved");
        assertThat(cli.run(env, "snapshots", "--json").ok().out().strip()).isEqualTo("[]");

        // the same backup for real adds what the dry run said it would: the same blobs, and the same bytes but for
        // the node of /tmp in the root tree, whose times other processes change between the two runs (every JVM that
        // loads zstd-jni writes a file there); the nanoseconds of its mtime, atime and ctime are printed without
        // trailing zeros, so each can differ by up to ten characters in length
        JsonNode real = cli.run(env, "backup", "--json", src.toString()).okJson();
        for (String field : List.of("data_blobs", "tree_blobs", "files_new", "dirs_new")) {
            assertThat(real.get(field).asLong())
                    .as(field)
                    .isEqualTo(holdfast.get(field).asLong());
        }
        assertThat(real.get("data_added").asLong())
                .isCloseTo(holdfast.get("data_added").asLong(), within(30L));
    }

    @Test
    void excludeLargerThanLeavesOutWhatResticLeavesOut() throws Exception {
        ResticProcess.ok(env, "backup", "--host", "restic", "--exclude-larger-than", "200k", src.toString());
        cli.run(env, "backup", "--host", "holdfast", "--exclude-larger-than", "200k", src.toString())
                .ok();

        List<String> restic =
                paths(ResticProcess.ok(env, "ls", "--host", "restic", "latest").out());
        List<String> holdfast =
                paths(cli.run(env, "ls", "--host", "holdfast", "latest").ok().out());
        assertThat(holdfast).isEqualTo(restic).contains(src + "/sub/f2.bin").doesNotContain(src + "/sub/f3.bin");
        assertThat(cli.run(env, "backup", "--exclude-larger-than", "lots", src.toString())
                        .exit())
                .isEqualTo(2);
    }

    private static List<String> paths(String ls) {
        return ls.lines().skip(1).sorted().toList(); // the first line names the snapshot
    }

    @Test
    void oneFileSystemKeepsMountPointsEmptyAsResticDoes() throws Exception {
        // /dev is one file system and /dev/pts (devpts) and /dev/shm (tmpfs) are others, on any Linux
        assertThat(Files.getAttribute(Path.of("/dev/pts"), "unix:dev"))
                .isNotEqualTo(Files.getAttribute(Path.of("/dev"), "unix:dev"));
        ResticProcess.ok(env, "backup", "--host", "restic", "-x", "/dev");
        cli.run(env, "backup", "--host", "holdfast", "--one-file-system", "/dev")
                .ok();
        cli.run(env, "backup", "--host", "crossing", "/dev").ok();

        for (String dir : List.of("/dev/pts", "/dev/shm")) {
            List<String> restic = paths(ResticProcess.ok(env, "ls", "--host", "restic", "latest", dir)
                    .out());
            List<String> holdfast = paths(
                    cli.run(env, "ls", "--host", "holdfast", "latest", dir).ok().out());
            assertThat(holdfast).as(dir).isEqualTo(restic).containsExactly(dir);
        }
        assertThat(paths(cli.run(env, "ls", "--host", "crossing", "latest", "/dev/pts")
                        .ok()
                        .out()))
                .as("without -x the mount's contents are backed up")
                .contains("/dev/pts/ptmx");
    }

    @Test
    void timeSetsTheSnapshotTimeAsResticDoes() throws Exception {
        ResticProcess.ok(env, "backup", "--host", "restic", "--time", "2020-01-02 03:04:05", src.toString());
        cli.run(env, "backup", "--host", "holdfast", "--time", "2020-01-02 03:04:05", src.toString())
                .ok();

        JsonNode snapshots =
                JSON.readTree(cli.run(env, "snapshots", "--json").ok().out());
        assertThat(snapshots).hasSize(2);
        for (JsonNode s : snapshots) {
            assertThat(s.get("time").asText()).as(s.get("hostname").asText()).startsWith("2020-01-02T03:04:05");
        }
        assertThat(cli.run(env, "backup", "--time", "yesterday", src.toString()).err())
                .contains("cannot read the time 'yesterday'");
    }
}

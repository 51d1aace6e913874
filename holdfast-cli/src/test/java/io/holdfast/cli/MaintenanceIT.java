package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** prune and repair through the packaged application: exit codes, tables, JSON. */
class MaintenanceIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private CliProcess cli;
    private Path repo;
    private Map<String, String> env;

    private CliProcess.Result run(int exit, String... args) throws Exception {
        CliProcess.Result r = cli.run(env, args);
        assertThat(r.exit())
                .as("holdfast %s\nstdout: %s\nstderr: %s", String.join(" ", args), r.out(), r.err())
                .isEqualTo(exit);
        return r;
    }

    private static JsonNode lastJson(CliProcess.Result r) throws Exception {
        List<String> lines = r.out().strip().lines().toList();
        return JSON.readTree(lines.get(lines.size() - 1));
    }

    private Map<String, Long> listing() throws IOException {
        Map<String, Long> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(repo)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String rel = repo.relativize(p).toString();
                if (!rel.startsWith("locks/")) {
                    out.put(rel, Files.size(p));
                }
            }
        }
        return out;
    }

    private Path dataDir(String name, long seed) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Random rnd = new Random(seed);
        for (int i = 0; i < 4; i++) {
            byte[] b = new byte[(1 << 20) + rnd.nextInt(1 << 20)];
            rnd.nextBytes(b);
            Files.write(dir.resolve("shard" + i + ".bin"), b);
        }
        Files.writeString(dir.resolve("README"), "dataset " + name + "\n");
        return dir;
    }

    private static void delete(Path file) throws IOException {
        file.toFile().setWritable(true);
        Files.delete(file);
    }

    @Test
    void pruneDryRunPruneAndRepairIndex() throws Exception {
        cli = new CliProcess(tmp);
        repo = tmp.resolve("repo");
        env = Map.of("HOLDFAST_REPOSITORY", repo.toString(), "HOLDFAST_PASSWORD", "pw", "HOLDFAST_PACK_SIZE", "4");
        run(0, "init");
        String old = lastJson(run(0, "--json", "backup", dataDir("old", 1).toString()))
                .get("snapshot_id")
                .asText();
        run(0, "backup", dataDir("kept", 2).toString());
        delete(repo.resolve("snapshots").resolve(old));

        Map<String, Long> before = listing();
        CliProcess.Result dry = run(0, "prune", "--dry-run");
        assertThat(dry.out())
                .contains("to repack", "total prune", "remaining", "unused size after prune")
                .contains("Packs", "to delete (unused)")
                .contains("dry run: would delete");
        assertThat(listing()).isEqualTo(before);

        JsonNode plan = lastJson(run(0, "--json", "prune", "-n"));
        assertThat(plan.get("message_type").asText()).isEqualTo("summary");
        assertThat(plan.get("dry_run").asBoolean()).isTrue();
        assertThat(plan.get("packs_to_delete")).isNotEmpty();
        assertThat(plan.get("bytes_freed").asLong()).isGreaterThan(4 << 20);
        assertThat(plan.get("blobs").get("removed").asLong()).isPositive();
        assertThat(listing()).isEqualTo(before);

        CliProcess.Result bad = run(2, "prune", "--max-unused", "100%");
        assertThat(bad.err()).contains("below 100%");

        CliProcess.Result pruned = run(0, "prune", "-v");
        assertThat(pruned.out()).contains("deleted ").contains("Pack ").contains("delete");
        for (JsonNode id : plan.get("packs_to_delete")) {
            String hex = id.asText();
            assertThat(repo.resolve("data/" + hex.substring(0, 2) + "/" + hex)).doesNotExist();
        }
        assertThat(run(0, "check", "--read-data").out()).contains("no errors were found");
        assertThat(run(0, "prune").out()).contains("nothing to prune");

        for (Path idx : Files.list(repo.resolve("index")).toList()) {
            delete(idx);
        }
        run(1, "check");
        CliProcess.Result repaired = run(0, "repair", "index");
        assertThat(repaired.out()).containsPattern("indexed \\d+ packs");
        assertThat(run(0, "check", "--read-data").out()).contains("no errors were found");
        JsonNode again = lastJson(run(0, "--json", "repair", "index", "--read-all-packs"));
        assertThat(again.get("packs_indexed").asInt())
                .isEqualTo(again.get("packs_read").asInt());
        assertThat(again.get("damaged_blobs").asInt()).isZero();
    }

    @Test
    void repairUsage() throws Exception {
        cli = new CliProcess(tmp);
        repo = tmp.resolve("repo");
        env = Map.of("HOLDFAST_REPOSITORY", repo.toString(), "HOLDFAST_PASSWORD", "pw");
        run(0, "init");
        assertThat(run(2, "repair").err()).contains("repair index");
        assertThat(run(2, "repair", "packs", "not-an-id").err()).contains("not a pack id");
        assertThat(run(0, "repair", "snapshots", "--dry-run").out()).contains("no snapshots would be modified");
        assertThat(run(0, "repair", "snapshots").out()).contains("no snapshots were modified");
        assertThat(run(0, "prune").out()).contains("nothing to prune");
    }
}

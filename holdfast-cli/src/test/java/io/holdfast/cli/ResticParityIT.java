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
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * restic's {@code snapshots -c / --latest}, {@code list}, {@code find}, {@code dump} and {@code tag}, side by side
 * with Holdfast's on one repository made by restic: the same output (text, JSON where restic has it, bytes), and
 * restic reads what Holdfast's {@code tag} wrote.
 */
class ResticParityIT {
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
        Files.createDirectories(src.resolve("data/train"));
        Files.createDirectories(src.resolve("models"));
        Files.writeString(src.resolve("data/train/a.jsonl"), "{\"x\":1}\n");
        Files.writeString(src.resolve("data/README.md"), "# data\n");
        byte[] w = new byte[700_000];
        new Random(1).nextBytes(w);
        Files.write(src.resolve("models/model.safetensors"), w);
        Files.createSymbolicLink(src.resolve("models/latest"), Path.of("model.safetensors"));
        env = CliProcess.repositoryEnv(new HashMap<>(), tmp.resolve("repo").toString(), "pw");
        env.put("TZ", "UTC");
        ResticProcess.ok(env, "init");
        ResticProcess.ok(env, "backup", "--tag", "nightly", src.resolve("data").toString());
        ResticProcess.ok(
                env, "backup", "--host", "trainer", src.resolve("models").toString());
        Files.writeString(src.resolve("data/train/b.jsonl"), "{\"x\":2}\n");
        ResticProcess.ok(
                env, "backup", "--tag", "nightly,v2", src.resolve("data").toString());
    }

    private void same(String... args) throws Exception {
        String restic = ResticProcess.ok(env, args).out();
        String holdfast = cli.run(env, args).ok().out();
        assertThat(holdfast).as("holdfast %s", String.join(" ", args)).isEqualTo(restic);
    }

    /** Like {@link #same}, for find: restic visits snapshots in storage order, Holdfast oldest first. */
    private void sameBlocks(String... args) throws Exception {
        List<String> restic = blocks(ResticProcess.ok(env, args).out());
        List<String> holdfast = blocks(cli.run(env, args).ok().out());
        assertThat(holdfast).as("holdfast %s", String.join(" ", args)).isEqualTo(restic);
    }

    private static List<String> blocks(String out) {
        List<String> b = new ArrayList<>(List.of(out.strip().split("\n\n")));
        b.sort(null);
        return b;
    }

    @Test
    void snapshotsListAndFindPrintWhatResticPrints() throws Exception {
        same("snapshots");
        same("snapshots", "-c");
        same("snapshots", "--latest", "1");
        same("snapshots", "--latest", "1", "-c");
        same("snapshots", "--host", "trainer", "--compact");
        for (String type : List.of("blobs", "packs", "index", "snapshots", "keys")) {
            List<String> restic = new ArrayList<>(
                    ResticProcess.ok(env, "list", type).out().lines().toList());
            List<String> holdfast = new ArrayList<>(
                    cli.run(env, "list", type).ok().out().lines().toList());
            restic.sort(null);
            holdfast.sort(null);
            assertThat(holdfast).as("list " + type).isNotEmpty().isEqualTo(restic);
        }
        assertThat(cli.run(env, "list", "nothing").exit()).isEqualTo(2);
        sameBlocks("find", "a.jsonl");
        sameBlocks("find", "train");
        sameBlocks("find", "-l", "*.md");
        sameBlocks("find", "-i", "*.JSONL");
        sameBlocks("find", "/nothing");
        sameBlocks("find", "-O", "2000-01-01", "*.md");
        sameBlocks("find", "-N", "2000-01-01 00:00", "*");
        sameBlocks("find", "--oldest", "2000-01-01 00:00:00", "--newest", "2999-12-31", "a.jsonl");
        var badTime = cli.run(env, "find", "-O", "yesterday", "*");
        assertThat(badTime.exit()).isEqualTo(2);
        assertThat(badTime.err()).contains("--oldest 'yesterday' is not a time");
        // restic lists snapshots in storage order, Holdfast by time: compare the JSON per snapshot
        assertThat(findJson(cli.run(env, "--json", "find", "*").ok().out()))
                .isEqualTo(findJson(ResticProcess.ok(env, "--json", "find", "*").out()));
    }

    private static Map<String, JsonNode> findJson(String out) throws Exception {
        Map<String, JsonNode> bySnapshot = new TreeMap<>();
        for (JsonNode s : JSON.readTree(out)) {
            bySnapshot.put(s.get("snapshot").asText(), s);
        }
        return bySnapshot;
    }

    @Test
    void dumpWritesTheBytesAndArchivesResticWrites() throws Exception {
        String file = src.resolve("models/model.safetensors").toString();
        assertThat(cli.stdoutBytes(env, "dump", "--host", "trainer", "latest", file))
                .isEqualTo(Files.readAllBytes(src.resolve("models/model.safetensors")));
        for (String[] what : List.of(
                new String[] {"--tag", "nightly", "latest", src.resolve("data").toString()},
                new String[] {"--host", "trainer", "latest", "/"})) {
            Path r = extract(what, true);
            Path h = extract(what, false);
            CliProcess.assertSameTree(r, h);
            assertThat(tarListing(what, false)).isEqualTo(tarListing(what, true));
        }
        var missing = cli.run(env, "dump", "latest", "/no/such/file");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("/no/such/file").doesNotContain("Exception");
    }

    private static String[] concat(String first, String[] rest) {
        String[] out = new String[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    private Path extract(String[] what, boolean restic) throws Exception {
        Path tar = tmp.resolve((restic ? "restic" : "holdfast") + "-"
                + Integer.toHexString(String.join(" ", what).hashCode()) + ".tar");
        Files.write(tar, restic ? resticBytes(concat("dump", what)) : cli.stdoutBytes(env, concat("dump", what)));
        Path dir = Files.createDirectories(Path.of(tar + ".d"));
        Process p = new ProcessBuilder("tar", "-xf", tar.toString(), "-C", dir.toString())
                .redirectErrorStream(true)
                .start();
        String msg = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(msg).isZero();
        return dir;
    }

    private List<String> tarListing(String[] what, boolean restic) throws Exception {
        Path tar = tmp.resolve((restic ? "restic" : "holdfast") + "-"
                + Integer.toHexString(String.join(" ", what).hashCode()) + ".tar");
        Process p = new ProcessBuilder("tar", "-tvf", tar.toString()).start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                .lines()
                .toList();
        assertThat(p.waitFor()).isZero();
        return lines;
    }

    private byte[] resticBytes(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ResticProcess.binary().toString(), "--no-cache"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        return out;
    }

    @Test
    void tagChangesTagsAsResticDoesAndResticReadsTheResult() throws Exception {
        assertThat(cli.run(env, "tag").exit()).isEqualTo(2);
        assertThat(cli.run(env, "tag", "--set", "a", "--add", "b").err())
                .contains("--set and --add/--remove cannot be given at the same time");
        String before = ResticProcess.ok(env, "--json", "snapshots", "--host", "trainer")
                .out();
        String trainer = JSON.readTree(before).get(0).get("id").asText();
        assertThat(cli.run(env, "tag", "--add", "gold,eval", "--host", "trainer")
                        .ok()
                        .out())
                .isEqualTo("modified tags on 1 snapshots\n");
        assertThat(cli.run(env, "tag", "--add", "gold", "--host", "trainer")
                        .ok()
                        .out())
                .isEqualTo("no snapshots were modified\n");
        assertThat(cli.run(env, "tag", "--remove", "nightly", "--tag", "v2")
                        .ok()
                        .out())
                .isEqualTo("modified tags on 1 snapshots\n");
        var ignored = cli.run(env, "tag", "--add", "x", "deadbeef").ok();
        assertThat(ignored.err()).contains("Ignoring deadbeef");
        assertThat(ResticProcess.ok(env, "check").out()).contains("no errors were found");
        JsonNode snaps =
                JSON.readTree(ResticProcess.ok(env, "--json", "snapshots").out());
        Map<String, List<String>> tagsByHost = new TreeMap<>();
        for (JsonNode s : snaps) {
            List<String> tags = new ArrayList<>();
            s.path("tags").forEach(t -> tags.add(t.asText()));
            tagsByHost.merge(s.get("hostname").asText() + ":" + s.get("time").asText(), tags, (a, b) -> a);
            if (s.get("hostname").asText().equals("trainer")) {
                assertThat(tags).containsExactly("gold", "eval");
                assertThat(s.get("original").asText()).isEqualTo(trainer);
            }
        }
        assertThat(tagsByHost.values()).contains(List.of("nightly"), List.of("v2"));

        // a snapshot under a legal hold keeps its tags (a new id would leave the hold behind)
        String held = JSON.readTree(ResticProcess.ok(env, "--json", "snapshots", "--tag", "v2")
                        .out())
                .get(0)
                .get("short_id")
                .asText();
        cli.run(env, "hold", "add", held, "--reason", "litigation").ok();
        var refused = cli.run(env, "tag", "--add", "more", held);
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("legal hold").contains("nothing was changed");
    }

    @Test
    void diffPrintsWhatResticPrintsWithAndWithoutMetadata() throws Exception {
        Path d = Files.createDirectories(tmp.resolve("diffsrc"));
        Files.writeString(d.resolve("a"), "1\n");
        Files.writeString(d.resolve("b"), "2\n");
        ResticProcess.ok(env, "backup", "--host", "differ", d.toString());
        Files.setPosixFilePermissions(
                d.resolve("a"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Files.writeString(d.resolve("b"), "22\n");
        Files.writeString(d.resolve("c"), "3\n");
        ResticProcess.ok(env, "backup", "--host", "differ", d.toString());
        JsonNode snaps = JSON.readTree(
                ResticProcess.ok(env, "--json", "snapshots", "--host", "differ").out());
        String first = snaps.get(0).get("short_id").asText();
        String second = snaps.get(1).get("short_id").asText();

        same("diff", first, second);
        same("diff", "--metadata", first, second);
        assertThat(cli.run(env, "diff", first, second).ok().out()).doesNotContain("U    ");
        assertThat(cli.run(env, "diff", "--metadata", first, second).ok().out())
                .contains("U    " + d.resolve("a"))
                .contains("M    " + d.resolve("b"));
    }
}

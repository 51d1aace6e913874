package io.holdfast.format.chunker;

import static io.holdfast.format.chunker.ChunkerTestSupport.KIB;
import static io.holdfast.format.chunker.ChunkerTestSupport.MIB;
import static io.holdfast.format.chunker.ChunkerTestSupport.lowEntropyBytes;
import static io.holdfast.format.chunker.ChunkerTestSupport.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.holdfast.format.Id;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backs files up with the real restic binary and checks that the Rabin chunker, given the repository's polynomial,
 * cuts them into exactly the blobs restic stored: the SHA-256 of every chunk equals restic's content id, in order.
 */
class ResticInteropTest {
    private static final String PASSWORD = "holdfast-interop-test";
    private static final long TIMEOUT_SECONDS = 180;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void rabinChunksAreResticBlobs() throws Exception {
        String restic = findRestic();
        Path repo = tmp.resolve("repo");
        Path data = Files.createDirectories(tmp.resolve("data"));

        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("random.bin", randomBytes(2024, 40 * MIB + 12345));
        files.put("low-entropy.bin", lowEntropyBytes(7, 24 * MIB));
        files.put("zeros.bin", new byte[3 * MIB + 5]);
        files.put("exactly-min.bin", randomBytes(3, 512 * KIB));
        files.put("small.bin", randomBytes(4, 1000));
        files.put("empty.bin", new byte[0]);
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Files.write(data.resolve(f.getKey()), f.getValue());
        }

        run(restic, repo, tmp, "init", "--repository-version", "2");
        JsonNode config = JSON.readTree(run(restic, repo, tmp, "cat", "config"));
        Polynomial pol = Polynomial.parse(config.get("chunker_polynomial").asText());
        assertThat(pol.degree()).isEqualTo(53);
        assertThat(pol.isIrreducible()).as("restic's polynomial %s", pol).isTrue();

        run(restic, repo, data, "backup", "--quiet", ".");
        JsonNode snapshots = JSON.readTree(run(restic, repo, tmp, "snapshots", "--json"));
        assertThat(snapshots.size()).isEqualTo(1);
        String tree = snapshots.get(0).get("tree").asText();
        Map<String, List<String>> contents = new HashMap<>();
        collectFileContents(restic, repo, tree, contents);
        assertThat(contents.keySet()).containsAll(files.keySet());

        ChunkerSpec spec = ChunkerSpec.rabin(pol);
        int totalChunks = 0;
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            byte[] bytes = f.getValue();
            List<Long> ends = spec.newStreamChunker().boundaries(new ByteArrayInputStream(bytes));
            List<String> ours = new ArrayList<>();
            long start = 0;
            for (long end : ends) {
                ours.add(Id.hash(bytes, (int) start, (int) (end - start)).hex());
                start = end;
            }
            assertThat(ours).as("blobs of %s chunked with %s", f.getKey(), pol).isEqualTo(contents.get(f.getKey()));
            totalChunks += ours.size();
        }
        // about one chunk per MiB, depending on the polynomial restic picked (38 to 60 seen over 64 MiB of
        // content-defined data); make sure the comparison was not vacuous
        assertThat(totalChunks).isGreaterThan(20);
    }

    private void collectFileContents(String restic, Path repo, String treeId, Map<String, List<String>> out)
            throws IOException, InterruptedException {
        JsonNode tree = JSON.readTree(run(restic, repo, tmp, "cat", "blob", treeId));
        for (JsonNode node : tree.get("nodes")) {
            String type = node.get("type").asText();
            if (type.equals("dir")) {
                collectFileContents(restic, repo, node.get("subtree").asText(), out);
            } else if (type.equals("file")) {
                List<String> ids = new ArrayList<>();
                JsonNode content = node.get("content");
                if (content != null && !content.isNull()) {
                    content.forEach(id -> ids.add(id.asText()));
                }
                out.put(node.get("name").asText(), ids);
            }
        }
    }

    private static String findRestic() {
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, "restic"));
                }
            }
        }
        candidates.add(Path.of("/usr/bin/restic"));
        for (Path p : candidates) {
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new AssertionError("restic binary not found on PATH or at /usr/bin/restic; this test compares chunk"
                + " boundaries with real restic: install restic (Debian package restic)");
    }

    /** Runs restic with a timeout and returns its standard output; fails on a non-zero exit. */
    private String run(String restic, Path repo, Path workDir, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(restic);
        cmd.add("--no-cache");
        cmd.addAll(List.of(args));
        Path stdout = Files.createTempFile(tmp, "restic", ".out");
        Path stderr = Files.createTempFile(tmp, "restic", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        pb.environment().put("RESTIC_REPOSITORY", repo.toString());
        pb.environment().put("RESTIC_PASSWORD", PASSWORD);
        Process p = pb.start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("restic " + String.join(" ", args) + " timed out after " + TIMEOUT_SECONDS + "s");
        }
        String out = Files.readString(stdout, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError("restic " + String.join(" ", args) + " exited with " + p.exitValue() + ": "
                    + Files.readString(stderr, StandardCharsets.UTF_8));
        }
        return out;
    }
}

package io.holdfast.cli.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleWorkloadTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static SampleWorkloadSummary summary;

    @BeforeAll
    static void generate() throws Exception {
        summary = SampleWorkload.generate(dir.resolve("a"));
    }

    private static Path root() {
        return dir.resolve("a");
    }

    @Test
    void sameSeedSameBytes() throws Exception {
        SampleWorkload.generate(dir.resolve("b"));

        assertThat(digest(dir.resolve("b"))).isEqualTo(digest(root()));
    }

    @Test
    void layoutAndSize() throws Exception {
        List<Path> files = files(root());

        assertThat(summary.files()).isEqualTo(files.size()).isEqualTo(40 + 200 + 1 + 2 + 1);
        long bytes = 0;
        for (Path file : files) {
            bytes += Files.size(file);
        }
        assertThat(summary.bytes()).isEqualTo(bytes).isBetween(20L << 20, 30L << 20);
        assertThat(summary.images()).isEqualTo(40);
        assertThat(summary.textFiles()).isEqualTo(200);
        assertThat(summary.tensors()).isEqualTo(12);
        assertThat(summary.promptLines()).isEqualTo(2000);
    }

    @Test
    void imagesArePngsAndSomeAreDuplicatedAcrossClasses() throws Exception {
        Map<String, List<Path>> byContent = new HashMap<>();
        for (Path file : files(root().resolve("dataset/images"))) {
            byte[] bytes = Files.readAllBytes(file);
            var image = ImageIO.read(new ByteArrayInputStream(bytes));
            assertThat(image).as(file.toString()).isNotNull();
            assertThat(image.getWidth()).isEqualTo(SampleImages.SIZE);
            byContent.computeIfAbsent(hex(bytes), k -> new ArrayList<>()).add(file);
        }
        List<List<Path>> duplicates =
                byContent.values().stream().filter(paths -> paths.size() > 1).toList();

        assertThat(byContent).hasSize(36);
        assertThat(duplicates)
                .hasSize(4)
                .allSatisfy(paths -> assertThat(paths.get(0).getParent())
                        .isNotEqualTo(paths.get(1).getParent()));
    }

    @Test
    void textsAndLabels() throws Exception {
        List<String> labels = Files.readAllLines(root().resolve("dataset/text/labels.csv"));

        assertThat(labels).hasSize(201).first().isEqualTo("file,label");
        for (String line : labels.subList(1, labels.size())) {
            String[] columns = line.split(",", -1);
            assertThat(SampleText.TOPICS).contains(columns[1]);
            assertThat(Files.readString(root().resolve("dataset/text").resolve(columns[0])))
                    .isNotBlank();
        }
    }

    @Test
    void checkpointsAreValidSafetensors() throws Exception {
        for (String name : List.of("tiny-model.safetensors", "tiny-model-finetuned.safetensors")) {
            byte[] file = Files.readAllBytes(root().resolve("models").resolve(name));
            long headerLength =
                    ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertThat((8 + headerLength) % 8).isZero();
            String header = new String(file, 8, (int) headerLength, StandardCharsets.UTF_8);
            assertThat(header).startsWith("{");
            JsonNode json = JSON.readTree(header);
            assertThat(json.get("__metadata__").get("model").asText()).isEqualTo("holdfast-tiny");
            long expectedBegin = 0;
            int tensors = 0;
            for (Map.Entry<String, JsonNode> entry : json.properties()) {
                if (entry.getKey().equals("__metadata__")) {
                    continue;
                }
                JsonNode tensor = entry.getValue();
                long elements = 1;
                for (JsonNode dimension : tensor.get("shape")) {
                    elements *= dimension.asLong();
                }
                long begin = tensor.get("data_offsets").get(0).asLong();
                long end = tensor.get("data_offsets").get(1).asLong();
                assertThat(begin).as(entry.getKey()).isEqualTo(expectedBegin);
                assertThat(end - begin)
                        .isEqualTo(elements
                                * Safetensors.elementSize(tensor.get("dtype").asText()));
                expectedBegin = end;
                tensors++;
            }
            assertThat(tensors).isEqualTo(12);
            assertThat(8 + headerLength + expectedBegin)
                    .as("no bytes after the last tensor")
                    .isEqualTo(file.length);
            assertThat(expectedBegin).isBetween(8L << 20, (8L << 20) + (64 << 10));
        }
    }

    @Test
    void fineTunedCheckpointDiffersInAboutATenthOfItsBytes() throws Exception {
        byte[] base = Files.readAllBytes(root().resolve("models/tiny-model.safetensors"));
        byte[] tuned = Files.readAllBytes(root().resolve("models/tiny-model-finetuned.safetensors"));
        int baseData = 8
                + (int) ByteBuffer.wrap(base, 0, 8)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .getLong();
        int tunedData = 8
                + (int) ByteBuffer.wrap(tuned, 0, 8)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .getLong();
        int length = base.length - baseData;
        assertThat(tuned.length - tunedData).isEqualTo(length);

        // compare in 4 KiB blocks: how much of the tensor data a fine-tune rewrote
        int blocks = 0;
        int changed = 0;
        for (int offset = 0; offset < length; offset += 4096) {
            int size = Math.min(4096, length - offset);
            blocks++;
            if (!java.util.Arrays.equals(
                    base,
                    baseData + offset,
                    baseData + offset + size,
                    tuned,
                    tunedData + offset,
                    tunedData + offset + size)) {
                changed++;
            }
        }
        assertThat((double) changed / blocks).isBetween(0.07, 0.13);
    }

    @Test
    void promptLogLinesAreJson() throws Exception {
        List<String> lines = Files.readAllLines(root().resolve(SampleWorkload.PROMPTS_FILE));

        assertThat(lines).hasSize(2000);
        Instant previous = Instant.MIN;
        for (String line : lines) {
            JsonNode json = JSON.readTree(line);
            assertThat(json.get("user_id").asText()).matches("user-\\d{4}");
            assertThat(json.get("timestamp").asText()).matches("2026-11-22T\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            Instant timestamp = Instant.parse(json.get("timestamp").asText());
            assertThat(timestamp).isAfter(previous);
            assertThat(json.get("prompt").asText()).isNotBlank();
            assertThat(json.get("response").asText()).isNotBlank();
            previous = timestamp;
        }
    }

    private static List<Path> files(Path root) throws Exception {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static String digest(Path root) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (Path file : files(root)) {
            sha.update(root.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
            sha.update(Files.readAllBytes(file));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String hex(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}

package io.holdfast.cli.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates the quickstart's small AI workload, about 22 MiB, the same bytes on every run:
 *
 * <ul>
 *   <li>{@code dataset/images/<class>/*.png}: 40 PNG images in 4 classes, 4 of them copies of an image filed under
 *       another class;
 *   <li>{@code dataset/text/doc-NNNN.txt}: 200 short documents, and {@code dataset/text/labels.csv};
 *   <li>{@code models/tiny-model.safetensors}: 12 F32/F16 tensors, 8 MiB, and {@code
 *       models/tiny-model-finetuned.safetensors}, the same with about 10% of the bytes changed;
 *   <li>{@code prompts/2026-11-22.jsonl}: 2,000 JSON lines with {@code user_id}, {@code timestamp}, {@code prompt}
 *       and {@code response}.
 * </ul>
 */
public final class SampleWorkload {
    /** The seed of the published sample. */
    public static final long SEED = 20261122L;

    static final List<String> IMAGE_CLASSES = List.of("cat", "dog", "bird", "boat");
    static final int IMAGES_PER_CLASS = 10;
    static final int DUPLICATE_IMAGES = 4;
    static final int TEXT_FILES = 200;
    static final int PROMPT_LINES = 2000;
    static final String PROMPTS_FILE = "prompts/2026-11-22.jsonl";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant DAY = Instant.parse("2026-11-22T00:00:00Z");
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

    private SampleWorkload() {}

    /** Writes the sample workload into {@code dir} (created if needed; existing files are overwritten). */
    public static SampleWorkloadSummary generate(Path dir) throws IOException {
        return generate(dir, SEED);
    }

    /** Writes the workload drawn from {@code seed} into {@code dir}. */
    static SampleWorkloadSummary generate(Path dir, long seed) throws IOException {
        List<Path> written = new ArrayList<>();
        images(dir.resolve("dataset/images"), new Random(seed), written);
        texts(dir.resolve("dataset/text"), new Random(seed + 1), written);
        Path models = Files.createDirectories(dir.resolve("models"));
        List<Safetensors.Tensor> base = SampleModels.tensors(seed, false);
        Safetensors.write(models.resolve("tiny-model.safetensors"), metadata("base"), base);
        Safetensors.write(
                models.resolve("tiny-model-finetuned.safetensors"),
                metadata("finetuned"),
                SampleModels.tensors(seed, true));
        written.add(models.resolve("tiny-model.safetensors"));
        written.add(models.resolve("tiny-model-finetuned.safetensors"));
        prompts(dir.resolve(PROMPTS_FILE), new Random(seed + 2), written);
        long bytes = 0;
        for (Path file : written) {
            bytes += Files.size(file);
        }
        return new SampleWorkloadSummary(
                dir,
                written.size(),
                bytes,
                IMAGE_CLASSES.size() * IMAGES_PER_CLASS,
                DUPLICATE_IMAGES,
                TEXT_FILES,
                base.size(),
                PROMPT_LINES);
    }

    private static void images(Path root, Random random, List<Path> written) throws IOException {
        int unique = IMAGE_CLASSES.size() * IMAGES_PER_CLASS - DUPLICATE_IMAGES;
        List<byte[]> pngs = new ArrayList<>();
        for (int i = 0; i < IMAGE_CLASSES.size() * IMAGES_PER_CLASS; i++) {
            String label = IMAGE_CLASSES.get(i % IMAGE_CLASSES.size());
            // the last images are mislabelled copies of an image from the next class: duplicates across classes
            byte[] png = i < unique ? SampleImages.png(random, i % IMAGE_CLASSES.size()) : pngs.get(i - unique + 1);
            pngs.add(png);
            Path file = root.resolve(label).resolve(String.format("%s-%03d.png", label, i / IMAGE_CLASSES.size()));
            Files.createDirectories(file.getParent());
            Files.write(file, png);
            written.add(file);
        }
    }

    private static void texts(Path root, Random random, List<Path> written) throws IOException {
        Files.createDirectories(root);
        StringBuilder labels = new StringBuilder("file,label\n");
        for (int i = 1; i <= TEXT_FILES; i++) {
            int topic = random.nextInt(SampleText.TOPICS.size());
            String name = String.format("doc-%04d.txt", i);
            Path file = root.resolve(name);
            Files.writeString(file, SampleText.document(random, topic, 3 + random.nextInt(10)));
            written.add(file);
            labels.append(name).append(',').append(SampleText.TOPICS.get(topic)).append('\n');
        }
        Path csv = root.resolve("labels.csv");
        Files.writeString(csv, labels);
        written.add(csv);
    }

    private static void prompts(Path file, Random random, List<Path> written) throws IOException {
        Files.createDirectories(file.getParent());
        Instant time = DAY;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < PROMPT_LINES; i++) {
                time = time.plusMillis(1 + random.nextInt(60_000));
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("user_id", String.format("user-%04d", random.nextInt(300)));
                line.put("timestamp", TIMESTAMP.format(time));
                line.put("prompt", SampleText.prompt(random));
                line.put("response", SampleText.response(random, 10 + random.nextInt(30)));
                out.write(MAPPER.writeValueAsString(line));
                out.write('\n');
            }
        }
        written.add(file);
    }

    private static Map<String, String> metadata(String variant) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("model", "holdfast-tiny");
        metadata.put("variant", variant);
        metadata.put("generated_by", "holdfast sample workload");
        return metadata;
    }
}

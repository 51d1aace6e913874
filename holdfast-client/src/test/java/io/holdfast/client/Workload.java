package io.holdfast.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Changes a source tree made by {@link TestData#sourceTree} the way a workload does between backups: a new random
 * file (a checkpoint), an edited document, a deleted image. Seeded, so a failing trial can be replayed.
 */
final class Workload {
    private Workload() {}

    /** Applies one round of changes; {@code newBytes} is the size of the new file. Returns its path. */
    static Path change(Path root, Random rnd, int newBytes) throws IOException {
        Path checkpoints = Files.createDirectories(root.resolve("checkpoints"));
        Path added = checkpoints.resolve("step-" + Long.toHexString(rnd.nextLong()) + ".bin");
        byte[] b = new byte[newBytes];
        rnd.nextBytes(b);
        Files.write(added, b);

        List<Path> docs = list(root.resolve("dataset/text"));
        if (!docs.isEmpty()) {
            Path doc = docs.get(rnd.nextInt(docs.size()));
            Files.writeString(doc, "edited " + rnd.nextLong() + "\n", java.nio.file.StandardOpenOption.APPEND);
        }
        List<Path> images = list(root.resolve("dataset/images"));
        if (images.size() > 5) {
            Files.delete(images.get(rnd.nextInt(images.size())));
        }
        List<Path> old = list(checkpoints);
        if (old.size() > 3) {
            old.remove(added);
            Files.delete(old.get(rnd.nextInt(old.size())));
        }
        return added;
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return new ArrayList<>();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return new ArrayList<>(s.filter(Files::isRegularFile).sorted().toList());
        }
    }
}

package io.holdfast.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Generates source trees for tests and compares restored trees with them. */
final class TestData {
    private TestData() {}

    /** A tree with small and large, compressible and random files, an empty file, a symlink, nested dirs, modes. */
    static Path sourceTree(Path root, long seed, int largeBytes) throws IOException {
        Random rnd = new Random(seed);
        Files.createDirectories(root.resolve("dataset/images"));
        Files.createDirectories(root.resolve("dataset/text/deep/deeper"));
        Files.createDirectories(root.resolve("empty-dir"));
        for (int i = 0; i < 30; i++) {
            byte[] b = new byte[rnd.nextInt(20_000)];
            rnd.nextBytes(b);
            Files.write(root.resolve("dataset/images/img" + i + ".bin"), b);
        }
        for (int i = 0; i < 30; i++) {
            StringBuilder sb = new StringBuilder();
            int words = rnd.nextInt(2000);
            for (int w = 0; w < words; w++) {
                sb.append("token").append(rnd.nextInt(50)).append(w % 12 == 0 ? '\n' : ' ');
            }
            Files.writeString(root.resolve("dataset/text/doc" + i + ".txt"), sb.toString());
        }
        Files.writeString(root.resolve("dataset/text/deep/deeper/note <&> \"quoted\" ü.txt"), "unicode name\n");
        Files.write(root.resolve("empty.txt"), new byte[0]);
        byte[] large = new byte[largeBytes];
        rnd.nextBytes(large);
        for (int i = 0; i < large.length / 3; i++) {
            large[i] = (byte) (i % 7); // a compressible first third
        }
        Files.write(root.resolve("model.bin"), large);
        Files.createSymbolicLink(root.resolve("link-to-model"), Path.of("model.bin"));
        Path script = root.resolve("run.sh");
        Files.writeString(script, "#!/bin/sh\necho hi\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        Files.setLastModifiedTime(script, FileTime.from(Instant.parse("2021-03-04T05:06:07.123456789Z")));
        return root;
    }

    /** Path (relative) → a description of type, mode, mtime and content hash, for comparing trees. */
    static Map<String, String> describe(Path root, boolean withTimes) throws IOException {
        Map<String, String> out = new TreeMap<>();
        List<Path> all = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.forEach(all::add);
        }
        for (Path p : all) {
            if (p.equals(root)) {
                continue;
            }
            String rel = root.relativize(p).toString();
            StringBuilder d = new StringBuilder();
            if (Files.isSymbolicLink(p)) {
                d.append("link->").append(Files.readSymbolicLink(p));
            } else if (Files.isDirectory(p)) {
                d.append("dir ").append(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
            } else {
                d.append("file ")
                        .append(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
                        .append(' ')
                        .append(io.holdfast.format.Id.hash(Files.readAllBytes(p))
                                .hex());
                if (withTimes) {
                    d.append(' ')
                            .append(Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS)
                                    .toInstant());
                }
            }
            out.put(rel, d.toString());
        }
        return out;
    }

    static void assertSameTree(Path expected, Path actual) throws IOException {
        assertThat(describe(actual, true)).isEqualTo(describe(expected, true));
    }
}

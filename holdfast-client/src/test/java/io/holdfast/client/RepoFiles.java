package io.holdfast.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Looks at a local repository's files directly, as the damage and maintenance tests need. */
final class RepoFiles {
    private RepoFiles() {}

    /** Relative path → size of every file but locks. */
    static Map<String, Long> listing(Path repo) throws IOException {
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

    /** The files below {@code dir} (e.g. {@code data}, {@code index}, {@code snapshots}), sorted. */
    static List<Path> files(Path repo, String dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(repo.resolve(dir))) {
            s.filter(Files::isRegularFile).sorted().forEach(out::add);
        }
        return out;
    }

    /** Total bytes of the pack files. */
    static long packBytes(Path repo) throws IOException {
        long n = 0;
        for (Path p : files(repo, "data")) {
            n += Files.size(p);
        }
        return n;
    }

    /** Deletes a repository file (they are read-only). */
    static void delete(Path file) throws IOException {
        file.toFile().setWritable(true);
        Files.delete(file);
    }

    /** The largest pack file. */
    static Path largestPack(Path repo) throws IOException {
        Path best = null;
        for (Path p : files(repo, "data")) {
            if (best == null || Files.size(p) > Files.size(best)) {
                best = p;
            }
        }
        if (best == null) {
            throw new AssertionError("no packs in " + repo);
        }
        return best;
    }
}

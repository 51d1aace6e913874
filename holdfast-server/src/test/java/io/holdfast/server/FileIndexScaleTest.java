package io.holdfast.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.server.catalog.Catalog;
import io.holdfast.server.catalog.FileIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog scale target of issue 18 on SQLite: 70 copies of a 143,000-file tree (1 % of files changed and 0.2 %
 * added per copy), about 10 million file versions, in at most 100 bytes per version; name-substring search p95 at most
 * 200 ms. Long: run with {@code ./mvnw -pl holdfast-server verify -Pscale}; figures in docs/benchmarks.md.
 */
@EnabledIfSystemProperty(named = "holdfast.scale", matches = "true")
class FileIndexScaleTest {
    @TempDir
    Path dir;

    @Test
    void tenMillionVersions() {
        int files = 143_000;
        int copies = 70;
        Random r = new Random(7);
        String[] ext = {".png", ".svg", ".txt", ".json", ".c", ".h", ".py", ".md"};
        List<String> paths = new ArrayList<>();
        long[] size = new long[files + copies * 400];
        long[] mtime = new long[size.length];
        for (int i = 0; i < files; i++) {
            paths.add(path(i, ext, r));
            size[i] = r.nextInt(100_000);
            mtime[i] = 1_700_000_000_000L + r.nextInt(1_000_000);
        }
        long indexNanos = 0;
        try (Catalog c = Catalog.open(Catalog.sqliteUrl(dir), "", "")) {
            FileIndex idx = new FileIndex(c);
            for (int k = 0; k < copies; k++) {
                for (int n = 0; n < files / 100; n++) {
                    int i = r.nextInt(paths.size());
                    size[i] = r.nextInt(100_000);
                    mtime[i] += 1000;
                }
                for (int n = 0; n < files / 500; n++) {
                    int i = paths.size();
                    paths.add(path(i, ext, r));
                    size[i] = r.nextInt(100_000);
                    mtime[i] = 1_700_000_000_000L + k;
                }
                List<FileIndex.Entry> entries = new ArrayList<>(paths.size());
                for (int i = 0; i < paths.size(); i++) {
                    entries.add(new FileIndex.Entry(paths.get(i), size[i], mtime[i]));
                }
                long t0 = System.nanoTime();
                idx.add("target", String.format("%064x", k), 1_700_000_000_000L + k * 86_400_000L, entries);
                indexNanos += System.nanoTime() - t0;
            }
            long versions = idx.versionCount();
            c.jdbi().useHandle(h -> h.execute("PRAGMA wal_checkpoint(TRUNCATE)"));
            long bytes = c.jdbi()
                    .withHandle(h -> h.createQuery(
                                    "SELECT page_count * page_size FROM pragma_page_count()," + " pragma_page_size()")
                            .mapTo(Long.class)
                            .one());
            long[] search = new long[200];
            for (int q = 0; q < search.length; q++) {
                String term = q % 2 == 0 ? "file" + r.nextInt(1000) : "f" + r.nextInt(100_000);
                long t0 = System.nanoTime();
                idx.search(term, 50);
                search[q] = System.nanoTime() - t0;
            }
            long[] history = new long[200];
            for (int q = 0; q < history.length; q++) {
                String p = paths.get(r.nextInt(files));
                long t0 = System.nanoTime();
                assertThat(idx.versions(p)).isNotEmpty();
                history[q] = System.nanoTime() - t0;
            }
            Arrays.sort(search);
            Arrays.sort(history);
            double perVersion = (double) bytes / versions;
            System.out.printf(
                    "file index: %d versions, %d paths, catalog %.1f MB = %.1f bytes/version; indexing"
                            + " %.1f s (%.0f versions/s); search p50 %.1f ms p95 %.1f ms; versions p50 %.1f ms p95 %.1f ms%n",
                    versions,
                    paths.size(),
                    bytes / 1e6,
                    perVersion,
                    indexNanos / 1e9,
                    versions / (indexNanos / 1e9),
                    search[100] / 1e6,
                    search[189] / 1e6,
                    history[100] / 1e6,
                    history[189] / 1e6);
            assertThat(versions).isGreaterThan(10_000_000L);
            assertThat(perVersion).isLessThanOrEqualTo(100);
            assertThat(search[189] / 1e6).isLessThanOrEqualTo(200);
        }
    }

    private static String path(int i, String[] ext, Random r) {
        return String.format("/data/smallfiles/d%03d/s%02d/file%06d%s", i % 700, r.nextInt(30), i, ext[i % ext.length]);
    }
}

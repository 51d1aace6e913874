package io.holdfast.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.server.catalog.Catalog;
import io.holdfast.server.catalog.FileIndex;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileIndexTest {
    @TempDir
    Path dir;

    @Test
    void findsFilesByNameAndListsTheirVersions() {
        try (Catalog c = Catalog.open(Catalog.sqliteUrl(dir), "", "")) {
            FileIndex idx = new FileIndex(c);
            idx.add(
                    "t1",
                    "s1",
                    1000,
                    List.of(
                            new FileIndex.Entry("/data/model.safetensors", 10, 1),
                            new FileIndex.Entry("/data/README.md", 5, 1)));
            idx.add(
                    "t1",
                    "s2",
                    2000,
                    List.of(
                            new FileIndex.Entry("/data/model.safetensors", 10, 1),
                            new FileIndex.Entry("/data/README.md", 6, 2)));
            idx.add(
                    "t2",
                    "s3",
                    3000,
                    List.of(
                            new FileIndex.Entry("/data/README.md", 6, 2),
                            new FileIndex.Entry("/data/100%_done.txt", 1, 1)));

            assertThat(idx.search("readme", 10)).singleElement().satisfies(h -> {
                assertThat(h.path()).isEqualTo("/data/README.md");
                assertThat(h.versions()).isEqualTo(3);
                assertThat(h.newestSnapshot()).isEqualTo("s3");
                assertThat(h.newestTarget()).isEqualTo("t2");
            });
            assertThat(idx.search("%", 10)).extracting(FileIndex.Hit::path).containsExactly("/data/100%_done.txt");
            assertThat(idx.search("data", 10)).as("names only, not directories").isEmpty();
            assertThat(idx.versions("/data/README.md"))
                    .extracting(FileIndex.Version::snapshotId, FileIndex.Version::changed)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("s1", true),
                            org.assertj.core.groups.Tuple.tuple("s2", true),
                            org.assertj.core.groups.Tuple.tuple("s3", false));

            idx.remove("t1", "s2");
            assertThat(idx.versions("/data/README.md"))
                    .extracting(FileIndex.Version::snapshotId)
                    .containsExactly("s1", "s3");
            assertThat(idx.purge()).isEqualTo(2);
            assertThat(idx.versionCount()).isEqualTo(4);
            assertThat(idx.indexedSnapshots("t1")).containsExactly("s1");

            FileIndex reopened = new FileIndex(c); // path ids reloaded from the catalog
            reopened.add("t1", "s4", 4000, List.of(new FileIndex.Entry("/data/README.md", 7, 3)));
            assertThat(reopened.versions("/data/README.md")).hasSize(3);
        }
    }
}

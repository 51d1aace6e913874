package io.holdfast.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.engine.BackupOptions;
import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.RestoreOptions;
import io.holdfast.engine.RestoreOptions.Overwrite;
import io.holdfast.engine.RestoreResult;
import io.holdfast.engine.RestoredFileHook;
import io.holdfast.engine.fs.FsPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What restore does to what already stands in the target: without {@code --overwrite} nothing is removed, replaced or
 * written through; with it, a file replaces a symbolic link or an empty directory (a non-empty one stays), a directory
 * replaces a file, and a hard link into the target is replaced by a new file, never written through.
 */
class RestoreSafetyTest {
    @TempDir
    Path tmp;

    private Path src;
    private String repo;
    private Path target;

    @BeforeEach
    void snapshot() throws IOException {
        src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("file"), "snapshot file");
        Files.writeString(src.resolve("linkname"), "snapshot file where the target has a symlink");
        Files.createDirectories(src.resolve("dir"));
        Files.writeString(src.resolve("dir/inner"), "inner");
        Files.writeString(src.resolve("wasdir"), "a file where the target has a directory");
        Files.writeString(src.resolve("hard"), "new content");
        Files.setLastModifiedTime(src.resolve("file"), FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        repo = tmp.resolve("repo").toString();
        Holdfast.init(repo, History.PASSWORD, InitOptions.DEFAULTS, History.OPTIONS)
                .close();
        try (Holdfast h = open()) {
            h.backup(BackupOptions.DEFAULTS.withPaths(src), BackupProgress.NONE);
        }
        target = Files.createDirectories(tmp.resolve("target"));
    }

    private Holdfast open() throws IOException {
        return Holdfast.open(repo, History.PASSWORD, History.OPTIONS, false);
    }

    private RestoreResult restore(Overwrite overwrite) throws IOException {
        try (Holdfast h = open()) {
            return h.restore(
                    "latest:" + src,
                    FsPath.of(target.toString()),
                    RestoreOptions.DEFAULTS.withOverwrite(overwrite),
                    BackupProgress.NONE,
                    RestoredFileHook.NONE);
        }
    }

    @Test
    void withoutOverwriteNothingExistingIsTouched() throws IOException {
        Path outside = Files.writeString(tmp.resolve("outside"), "outside content");
        Files.writeString(target.resolve("file"), "mine");
        Files.createSymbolicLink(target.resolve("linkname"), outside);
        Files.writeString(target.resolve("dir"), "a file where the snapshot has a directory");
        Files.createDirectories(target.resolve("wasdir/keep"));
        Files.createLink(target.resolve("hard"), outside);
        long inode = (long) Files.getAttribute(target.resolve("file"), "unix:ino");

        RestoreResult r = restore(Overwrite.NEVER);

        assertThat(r.errors()).isEmpty();
        assertThat(r.kept()).hasSize(5).allMatch(k -> k.contains("(use --overwrite)"));
        assertThat(Files.readString(target.resolve("file"))).isEqualTo("mine");
        assertThat((long) Files.getAttribute(target.resolve("file"), "unix:ino"))
                .isEqualTo(inode);
        assertThat(Files.isSymbolicLink(target.resolve("linkname"))).isTrue();
        assertThat(Files.readString(target.resolve("dir"))).startsWith("a file where");
        assertThat(target.resolve("wasdir/keep")).isDirectory();
        assertThat(Files.readString(outside)).isEqualTo("outside content");
    }

    @Test
    void overwriteReplacesWithoutWritingThroughLinks() throws IOException {
        Path outside = Files.writeString(tmp.resolve("outside"), "outside content");
        Path outsideTarget = Files.writeString(tmp.resolve("symlinked"), "symlinked content");
        Files.writeString(target.resolve("file"), "mine");
        Files.createSymbolicLink(target.resolve("linkname"), outsideTarget);
        Files.writeString(target.resolve("dir"), "a file where the snapshot has a directory");
        Files.createDirectories(target.resolve("wasdir")); // empty: may be replaced
        Files.createLink(target.resolve("hard"), outside);

        RestoreResult r = restore(Overwrite.ALWAYS);

        assertThat(r.errors()).isEmpty();
        assertThat(r.kept()).isEmpty();
        TestData.assertSameTree(src, target);
        assertThat(Files.readString(outside))
                .as("the other name of a hard link")
                .isEqualTo("outside content");
        assertThat(Files.readString(outsideTarget)).as("a symlink's target").isEqualTo("symlinked content");
        assertThat(Files.isSymbolicLink(target.resolve("linkname"))).isFalse();
        assertThat(Files.getAttribute(target.resolve("hard"), "unix:nlink")).isEqualTo(1);
        try (var s = Files.list(target)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".holdfast")))
                    .as("temporary names left behind")
                    .isEmpty();
        }
    }

    @Test
    void aNonEmptyDirectoryIsNeverRemoved() throws IOException {
        Files.createDirectories(target.resolve("wasdir"));
        Files.writeString(target.resolve("wasdir/precious"), "precious");

        RestoreResult r = restore(Overwrite.ALWAYS);

        assertThat(r.errors()).singleElement().asString().contains("wasdir").contains("not empty");
        assertThat(Files.readString(target.resolve("wasdir/precious"))).isEqualTo("precious");
        assertThat(Files.readString(target.resolve("file"))).isEqualTo("snapshot file");
    }

    @Test
    void ifNewerAndIfChangedFollowRestic() throws IOException {
        Path file = Files.writeString(target.resolve("file"), "newer than the snapshot's");
        Files.writeString(target.resolve("hard"), "new content"); // same content as the snapshot's
        Files.setLastModifiedTime(target.resolve("hard"), FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));

        RestoreResult newer = restore(Overwrite.IF_NEWER);
        assertThat(Files.readString(file)).isEqualTo("newer than the snapshot's"); // the snapshot's is from 2020
        assertThat(newer.kept()).singleElement().asString().contains("not older");

        long inode = (long) Files.getAttribute(target.resolve("hard"), "unix:ino");
        RestoreResult changed = restore(Overwrite.IF_CHANGED);
        assertThat(changed.errors()).isEmpty();
        assertThat(Files.readString(file)).isEqualTo("snapshot file");
        assertThat((long) Files.getAttribute(target.resolve("hard"), "unix:ino"))
                .as("an identical file keeps its inode and only gets the snapshot's metadata")
                .isEqualTo(inode);
        assertThat(Files.getLastModifiedTime(target.resolve("hard"), LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(Files.getLastModifiedTime(src.resolve("hard")));
        TestData.assertSameTree(src, target);
        assertThat(List.of(Files.readAllBytes(target.resolve("dir/inner"))).get(0))
                .isEqualTo("inner".getBytes(StandardCharsets.UTF_8));
    }
}

package io.holdfast.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.format.snapshot.Snapshot;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.NodeType;
import io.holdfast.format.tree.Tree;
import io.holdfast.repository.Repository;
import io.holdfast.storage.FileType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source seam: a source of its own (not files, not stdin) gets its content stored, its tree saved and its snapshot
 * written by the archiver, is handed the parent's tree on the next run, and can add generated files below a directory
 * it built ({@link SourceContext#put}).
 */
class BackupSourceTest {
    @TempDir
    Path tmp;

    private Repository repo;
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-06T01:00:00Z"), ZoneOffset.UTC);

    @BeforeEach
    void init() throws Exception {
        repo = TestRepositories.init(tmp.resolve("repo"));
    }

    @AfterEach
    void close() throws Exception {
        repo.close();
    }

    /** Two generated files in /objects, plus a label file put in afterwards; remembers the parent it was given. */
    private static class Generated implements BackupSource {
        final List<@Nullable Tree> parents = new ArrayList<>();
        final String second;

        Generated(String second) {
            this.second = second;
        }

        @Override
        public List<String> paths() {
            return List.of("/objects");
        }

        @Override
        public Tree build(SourceContext ctx, @Nullable Tree parentRoot) throws java.io.IOException {
            parents.add(parentRoot);
            OffsetDateTime t = OffsetDateTime.now(ctx.clock());
            Node a = ctx.file("a.txt", "alpha".getBytes(StandardCharsets.UTF_8), 0644, t);
            Node b = ctx.file("b.txt", second.getBytes(StandardCharsets.UTF_8), 0600, t);
            Tree dir = Tree.of(List.of(a, b));
            Id dirId = ctx.saveTree(dir);
            Node objects = Node.builder()
                    .name("objects")
                    .type(NodeType.DIR)
                    .mode(0755)
                    .mtime(t)
                    .atime(t)
                    .ctime(t)
                    .subtree(dirId)
                    .build();
            ctx.dirCounted(null, dirId);
            Tree root = Tree.of(List.of(objects));
            Node label = ctx.file("label", "LABEL".getBytes(StandardCharsets.UTF_8), 0600, t);
            return ctx.put(root, List.of("objects"), List.of(label));
        }
    }

    private String read(Tree root, String path) throws Exception {
        Node n = Objects.requireNonNull(new TreeWalker(repo).find(root.id(), path), path);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Id id : Objects.requireNonNull(n.content())) {
            out.write(repo.loadBlob(BlobType.DATA, id));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aSourceOfItsOwnIsArchivedAndGetsItsParent() throws Exception {
        BackupOptions opts = BackupOptions.DEFAULTS.withTagsHostExcludes(List.of("generated"), "testhost", List.of());
        Generated first = new Generated("beta");
        BackupResult r1 = new Archiver(repo, clock, BackupProgress.NONE).backup(opts, first);
        assertThat(first.parents).containsExactly((Tree) null);
        assertThat(r1.filesNew()).isEqualTo(3);
        assertThat(r1.dirsNew()).isEqualTo(1);

        Snapshot s1 = Snapshot.parse(repo.loadJson(FileType.SNAPSHOT, r1.snapshotId()), "s1");
        assertThat(s1.paths()).containsExactly("/objects");
        assertThat(s1.tags()).containsExactly("generated");
        Tree root = Tree.parse(s1.tree(), repo.loadBlob(BlobType.TREE, s1.tree()));
        assertThat(read(root, "/objects/a.txt")).isEqualTo("alpha");
        assertThat(read(root, "/objects/b.txt")).isEqualTo("beta");
        assertThat(read(root, "/objects/label")).isEqualTo("LABEL");

        Generated second = new Generated("gamma");
        BackupResult r2 = new Archiver(repo, clock, BackupProgress.NONE).backup(opts, second);
        assertThat(r2.parent()).isEqualTo(r1.snapshotId());
        assertThat(second.parents).containsExactly(root);
        Snapshot s2 = Snapshot.parse(repo.loadJson(FileType.SNAPSHOT, r2.snapshotId()), "s2");
        Tree root2 = Tree.parse(s2.tree(), repo.loadBlob(BlobType.TREE, s2.tree()));
        assertThat(read(root2, "/objects/b.txt")).isEqualTo("gamma");
    }

    @Test
    void putRefusesADirectoryThatIsNotThere() throws Exception {
        BackupSource bad = new Generated("x") {
            @Override
            public Tree build(SourceContext ctx, @Nullable Tree parentRoot) throws java.io.IOException {
                return ctx.put(Tree.of(List.of()), List.of("missing"), List.of());
            }
        };
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new Archiver(repo, clock, BackupProgress.NONE).backup(BackupOptions.DEFAULTS, bad))
                .isInstanceOf(java.nio.file.NoSuchFileException.class)
                .hasMessageContaining("missing");
        assertThat(repo.list(FileType.SNAPSHOT)).isEmpty();
    }
}

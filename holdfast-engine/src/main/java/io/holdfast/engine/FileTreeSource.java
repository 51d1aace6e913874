package io.holdfast.engine;

import io.holdfast.engine.fs.FsPath;
import io.holdfast.engine.fs.LocalFs;
import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.Tree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * Files and directories of a local file system ({@code backup PATH...}): walked depth-first by a {@link
 * TreeBuilder}, files read on virtual threads, unchanged files (same size, mtime, ctime and inode as in the parent)
 * not read again.
 */
public final class FileTreeSource implements BackupSource {
    private final LocalFs fs;
    private final BackupOptions opts;
    private @Nullable Excludes excludes;
    private @Nullable List<FsPath> targets;

    /** The paths, excludes and selection of {@code opts}, read from {@code fs}. */
    public FileTreeSource(LocalFs fs, BackupOptions opts) {
        this.fs = fs;
        this.opts = opts;
    }

    /** The exclude patterns, read (exclude files too) when first needed: after {@code --pre} ran. */
    private Excludes excludes() throws IOException {
        Excludes e = excludes;
        if (e == null) {
            e = Excludes.of(opts.excludes(), opts.iexcludes(), opts.excludeFiles());
            excludes = e;
        }
        return e;
    }

    private List<FsPath> targets() throws IOException {
        List<FsPath> t = targets;
        if (t == null) {
            if (opts.paths().isEmpty()) {
                throw new IllegalArgumentException("nothing to back up: give at least one path");
            }
            t = new ArrayList<>();
            for (String p : opts.paths()) {
                FsPath abs = fs.absolute(FsPath.of(p));
                if (fs.lstatIfExists(abs) == null) {
                    throw new java.nio.file.NoSuchFileException(abs.toString(), null, "backup source does not exist");
                }
                t.add(abs);
            }
            targets = t;
        }
        return t;
    }

    @Override
    public List<String> paths() throws IOException {
        excludes();
        return targets().stream().distinct().sorted().map(FsPath::toString).toList();
    }

    @Override
    public List<String> excludePatterns() {
        Excludes e = excludes;
        return e == null ? List.of() : e.patterns();
    }

    @Override
    public Tree build(SourceContext ctx, @Nullable Tree parentRoot) throws IOException {
        var repo = ctx.repo();
        try (ExecutorService readers = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("holdfast-read-", 0).factory())) {
            ModelBackup models = repo.modelCodec()
                    ? new ModelBackup(
                            new ModelFileSaver(repo, ctx.saver(), ctx.inflight(), ctx.stats(), ctx.progress()),
                            opts.modelBase() == null ? null : modelBase(ctx, opts.modelBase()))
                    : null;
            TreeBuilder builder = new TreeBuilder(
                    fs,
                    repo,
                    ctx.saver(),
                    ctx.fileSaver(),
                    readers,
                    excludes(),
                    ctx.stats(),
                    ctx.progress(),
                    opts.readConcurrency(),
                    new ModelInspector(opts.models()),
                    models,
                    new TreeBuilder.Selection(opts.oneFileSystem(), opts.excludeLargerThan()));
            return builder.buildRoot(targets(), parentRoot);
        }
    }

    /** The node of {@code SNAPSHOT:PATH}, which must be a codec-encoded file. */
    private static Node modelBase(SourceContext ctx, String spec) throws IOException {
        var repo = ctx.repo();
        int colon = spec.indexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) {
            throw new IllegalArgumentException("--model-base must be SNAPSHOT:PATH, not '" + spec + "'");
        }
        Snapshots.Ref ref = Snapshots.find(repo, spec.substring(0, colon), null, List.of());
        Tree t = Tree.parse(
                ref.snapshot().tree(),
                repo.loadBlob(BlobType.TREE, ref.snapshot().tree()));
        Node node = null;
        for (String part : spec.substring(colon + 1).split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (node != null) {
                Id sub = node.subtree();
                if (sub == null) {
                    throw new IllegalArgumentException("--model-base: " + spec + " is not in the snapshot");
                }
                t = Tree.parse(sub, repo.loadBlob(BlobType.TREE, sub));
            }
            node = Restorer.find(t, part);
            if (node == null) {
                throw new IllegalArgumentException("--model-base: " + spec + " is not in the snapshot");
            }
        }
        if (node == null || io.holdfast.format.model.codec.CodecManifest.of(node) == null) {
            throw new IllegalArgumentException("--model-base: " + spec + " is not a model file stored with the codec");
        }
        return node;
    }
}

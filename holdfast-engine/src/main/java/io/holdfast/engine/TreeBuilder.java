package io.holdfast.engine;

import io.holdfast.engine.fs.FileStat;
import io.holdfast.engine.fs.FsPath;
import io.holdfast.engine.fs.LocalFs;
import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.format.json.RawJson;
import io.holdfast.format.model.ModelLayout;
import io.holdfast.format.tree.ExtendedAttribute;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.NodeBuilder;
import io.holdfast.format.tree.NodeType;
import io.holdfast.format.tree.Tree;
import io.holdfast.repository.BlobSaver;
import io.holdfast.repository.Repository;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import org.jspecify.annotations.Nullable;

/** Walks the backup targets and builds their trees, bottom-up, as the files below them finish. */
final class TreeBuilder {
    /**
     * Files listed and waiting to be read, at most. Each holds a virtual thread, its stat and its future; 4,096 of them
     * (before 2026-12-07) were promoted to the old generation and died there: a first backup of 208,000 small files
     * peaked at 560-611 MB RSS against 447 MB with 512, the reading itself bounded by {@code reading} either way.
     */
    private static final int MAX_PENDING_FILES = 512;

    private final LocalFs fs;
    private final Repository repo;
    private final BlobSaver saver;
    private final FileSaver fileSaver;
    private final ExecutorService readers;
    private final Excludes excludes;
    private final BackupStats stats;
    private final BackupProgress progress;
    private final Semaphore reading;
    private final ModelInspector models;
    private final Semaphore pending = new Semaphore(MAX_PENDING_FILES);
    private final @Nullable ModelBackup codec;
    private final Selection selection;

    /** A target's own device: the target defines the file system {@code --one-file-system} stays on. */
    private static final long TARGET = Long.MIN_VALUE;

    /**
     * What is left out by attributes rather than by name.
     *
     * @param oneFileSystem stay on each target's file system (a mount point below it is kept, empty)
     * @param maxFileSize leave out files larger than this; 0 for no limit
     */
    record Selection(boolean oneFileSystem, long maxFileSize) {}

    TreeBuilder(
            LocalFs fs,
            Repository repo,
            BlobSaver saver,
            FileSaver fileSaver,
            ExecutorService readers,
            Excludes excludes,
            BackupStats stats,
            BackupProgress progress,
            int readConcurrency,
            ModelInspector models,
            @Nullable ModelBackup codec,
            Selection selection) {
        this.codec = codec;
        this.selection = selection;
        this.fs = fs;
        this.repo = repo;
        this.saver = saver;
        this.fileSaver = fileSaver;
        this.readers = readers;
        this.excludes = excludes;
        this.stats = stats;
        this.progress = progress;
        this.reading = new Semaphore(readConcurrency);
        this.models = models;
    }

    /** A directory on the way to the targets; {@code target} marks a path backed up whole. */
    private static final class Step {
        final FsPath path;
        boolean target;
        final Map<byte[], Step> children = new TreeMap<>(Arrays::compareUnsigned);

        Step(FsPath path) {
            this.path = path;
        }
    }

    /** Builds the snapshot's root tree: the targets with the directories leading to them. */
    Tree buildRoot(List<FsPath> targets, @Nullable Tree parentRoot) throws IOException {
        FsPath fsRoot = FsPath.root();
        Step root = new Step(fsRoot);
        for (FsPath t : targets) {
            if (!t.isAbsolute()) {
                throw new IllegalArgumentException("absolute path expected: " + t);
            }
            Step s = root;
            for (byte[] part : t.names()) {
                Step cur = s;
                s = cur.children.computeIfAbsent(part, n -> new Step(cur.path.resolve(n)));
            }
            s.target = true;
        }
        if (root.children.isEmpty()) {
            root.target = true; // backing up "/" itself
        }
        try {
            if (root.target) {
                CompletableFuture<Listed> all =
                        children(fsRoot, parentRoot, fs.lstat(fsRoot).dev());
                if (all == null) {
                    throw new IOException("cannot read " + fsRoot);
                }
                return join(all).tree;
            }
            return join(steps(root, parentRoot));
        } catch (CompletionException e) {
            throw unwrap(e);
        }
    }

    private CompletableFuture<Tree> steps(Step step, @Nullable Tree old) {
        List<CompletableFuture<@Nullable Node>> kids = new ArrayList<>();
        for (Map.Entry<byte[], Step> e : step.children.entrySet()) {
            Step child = e.getValue();
            Node oldNode = old == null ? null : old.find(e.getKey());
            if (child.target) {
                kids.add(entry(child.path, e.getKey(), oldNode, TARGET));
            } else {
                kids.add(intermediate(child, e.getKey(), oldNode));
            }
        }
        return CompletableFuture.allOf(kids.toArray(CompletableFuture[]::new)).thenApply(v -> Tree.of(collect(kids)));
    }

    private CompletableFuture<@Nullable Node> intermediate(Step step, byte[] name, @Nullable Node old) {
        FileStat attrs;
        try {
            attrs = fs.lstat(step.path);
        } catch (IOException e) {
            progress.error(step.path.toString(), e);
            return CompletableFuture.completedFuture(null);
        }
        Tree oldTree = loadOld(old);
        return steps(step, oldTree).thenApplyAsync(t -> dirNode(step.path, name, attrs, old, t), repo.workers());
    }

    /**
     * The node of {@code p}; {@code device} is the file system its target is on ({@link #TARGET} for a target
     * itself).
     */
    private CompletableFuture<@Nullable Node> entry(FsPath p, byte[] name, @Nullable Node old, long device) {
        FileStat attrs;
        try {
            attrs = fs.lstat(p);
        } catch (IOException e) {
            progress.error(p.toString(), e);
            return CompletableFuture.completedFuture(null);
        }
        NodeType type = FileAttributes.type(attrs.mode());
        long targetDevice = device == TARGET ? attrs.dev() : device;
        if (selection.oneFileSystem() && attrs.dev() != targetDevice) {
            if (type != NodeType.DIR) {
                return CompletableFuture.completedFuture(null); // another file system's file (a bind mount)
            }
            // a mount point: kept as an empty directory (its own metadata), nothing below it, as restic does
            Tree empty = Tree.of(List.of());
            FileStat mountPoint = attrs;
            return CompletableFuture.supplyAsync(() -> dirNode(p, name, mountPoint, old, empty), repo.workers());
        }
        switch (type) {
            case DIR:
                return directory(p, name, attrs, old, targetDevice);
            case FILE:
                if (selection.maxFileSize() > 0 && attrs.size() > selection.maxFileSize()) {
                    return CompletableFuture.completedFuture(null); // --exclude-larger-than
                }
                return file(p, name, attrs, old);
            case SYMLINK:
                try {
                    byte[] target = fs.readLink(p);
                    // Reading a link sets its access time (the kernel's readlink, whatever the flags; restic's too).
                    // Recording the time after the read keeps the next backup's node, and tree, the same.
                    FileStat after = fs.lstatIfExists(p);
                    if (after != null && after.isSymbolicLink() && after.ino() == attrs.ino()) {
                        attrs = after;
                    }
                    Node n = FileAttributes.node(fs, name, type, attrs)
                            .linkTarget(target)
                            .extendedAttributes(FileAttributes.xattrs(fs, p, progress))
                            .build();
                    return CompletableFuture.completedFuture(n);
                } catch (IOException e) {
                    progress.error(p.toString(), e);
                    return CompletableFuture.completedFuture(null);
                }
            case SOCKET:
                progress.skipped(p.toString(), "socket left out (a socket cannot be backed up; restic skips them too)");
                return CompletableFuture.completedFuture(null);
            default:
                // FIFOs and devices: metadata only; they are never opened
                return CompletableFuture.completedFuture(FileAttributes.node(fs, name, type, attrs)
                        .extendedAttributes(FileAttributes.xattrs(fs, p, progress))
                        .build());
        }
    }

    private record Listed(Tree tree, FsPath dir) {}

    private CompletableFuture<@Nullable Node> directory(
            FsPath p, byte[] name, FileStat attrs, @Nullable Node old, long device) {
        Tree oldTree = loadOld(old);
        CompletableFuture<Listed> listed = children(p, oldTree, device);
        if (listed == null) {
            return CompletableFuture.completedFuture(null);
        }
        return listed.thenApplyAsync(l -> dirNode(p, name, attrs, old, l.tree), repo.workers());
    }

    private @Nullable CompletableFuture<Listed> children(FsPath dir, @Nullable Tree oldTree, long device) {
        List<byte[]> names;
        try {
            names = fs.list(dir);
        } catch (IOException e) {
            progress.error(dir.toString(), e);
            return null;
        }
        names.sort(Arrays::compareUnsigned);
        List<CompletableFuture<@Nullable Node>> kids = new ArrayList<>(names.size());
        for (byte[] n : names) {
            FsPath c = dir.resolve(n);
            if (excludes.excluded(c)) {
                continue;
            }
            kids.add(entry(c, n, oldTree == null ? null : oldTree.find(n), device));
        }
        return CompletableFuture.allOf(kids.toArray(CompletableFuture[]::new))
                .thenApply(v -> new Listed(Tree.of(collect(kids)), dir));
    }

    private Node dirNode(FsPath p, byte[] name, FileStat attrs, @Nullable Node old, Tree tree) {
        try {
            Id id = Archiver.saveTree(saver, tree, stats);
            if (old == null || old.type() != NodeType.DIR) {
                stats.dirsNew.increment();
            } else if (id.equals(old.subtree())) {
                stats.dirsUnmodified.increment();
            } else {
                stats.dirsChanged.increment();
            }
            return FileAttributes.node(fs, name, NodeType.DIR, attrs)
                    .extendedAttributes(FileAttributes.xattrs(fs, p, progress))
                    .subtree(id)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CompletableFuture<@Nullable Node> file(FsPath p, byte[] name, FileStat attrs, @Nullable Node old) {
        long size = attrs.size();
        String display = p.toString();
        progress.scanned(1, size);
        stats.filesProcessed.increment();
        if (old != null && unchanged(old, attrs)) {
            stats.filesUnmodified.increment();
            stats.bytesProcessed.add(size);
            progress.bytesDone(size);
            progress.fileDone(display, BackupProgress.FileStatus.UNCHANGED);
            if (models.validates()) {
                // not read again: the parent's validation result stands, so --validate=fail still fails on it
                ModelRecord.of(old)
                        .filter(ModelRecord::invalid)
                        .ifPresent(r -> progress.modelInvalid(
                                display,
                                new io.holdfast.format.model.InvalidModelException(
                                        display,
                                        null,
                                        -1,
                                        -1,
                                        String.valueOf(r.problem()) + " (unchanged since the parent snapshot)")));
            }
            List<ExtendedAttribute> xattrs = FileAttributes.xattrs(fs, p, progress);
            ExtendedAttribute manifest = ModelBackup.manifestOf(old);
            NodeBuilder nb = FileAttributes.node(fs, name, NodeType.FILE, attrs)
                    .size(size)
                    .content(Objects.requireNonNull(old.content()))
                    .extendedAttributes(manifest == null ? xattrs : ModelBackup.withManifest(xattrs, manifest))
                    .unknownFields(keptFields(old));
            return CompletableFuture.completedFuture(nb.build());
        }
        acquire(pending);
        BackupProgress.FileStatus status =
                old == null ? BackupProgress.FileStatus.NEW : BackupProgress.FileStatus.CHANGED;
        CompletableFuture<@Nullable Node> f = CompletableFuture.supplyAsync(
                () -> {
                    FileSaver.Pending chunks = null;
                    ModelFileSaver.Pending encoded = null;
                    ModelInspector.Result model;
                    try {
                        acquire(reading);
                        try (FileChannel ch = fs.openRead(p, attrs);
                                InputStream in = Channels.newInputStream(ch)) {
                            ModelLayout layout = codec == null ? null : codec.detect(ch, display, size);
                            if (codec != null && layout != null) {
                                model = models.recordOnly(layout);
                                encoded = codec.saver().start(ch, layout, codec.baseFor(old));
                            } else {
                                model = models.inspect(display, ch);
                                if (model.error() != null) {
                                    progress.modelInvalid(display, model.error());
                                }
                                chunks = fileSaver.start(in, model.cuts(), size);
                            }
                        } finally {
                            reading.release();
                        }
                    } catch (IOException e) {
                        progress.error(display, e);
                        return null;
                    }
                    try {
                        NodeBuilder nb = FileAttributes.node(fs, name, NodeType.FILE, attrs);
                        List<ExtendedAttribute> xattrs = FileAttributes.xattrs(fs, p, progress);
                        if (encoded != null) {
                            ModelFileSaver.Encoded e = encoded.await();
                            nb.size(encoded.bytes()).content(e.content());
                            nb.extendedAttributes(ModelBackup.withManifest(
                                    xattrs, e.manifest().toAttribute()));
                        } else {
                            FileSaver.Pending c = Objects.requireNonNull(chunks);
                            nb.size(c.bytes()).content(c.await()).extendedAttributes(xattrs);
                        }
                        (status == BackupProgress.FileStatus.NEW ? stats.filesNew : stats.filesChanged).increment();
                        progress.fileDone(display, status);
                        return nb.unknownFields(modelFields(model.record())).build();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                readers);
        f.whenComplete((n, e) -> pending.release());
        return f;
    }

    private static Map<String, RawJson> modelFields(@Nullable ModelRecord r) {
        return r == null ? Map.of() : Map.of(ModelRecord.FIELD, r.toJson());
    }

    /** The model record of an unchanged file carries over from the parent snapshot. */
    private static Map<String, RawJson> keptFields(Node old) {
        RawJson r = old.unknownFields().get(ModelRecord.FIELD);
        return r == null ? Map.of() : Map.of(ModelRecord.FIELD, r);
    }

    private boolean unchanged(Node old, FileStat attrs) {
        List<Id> content = old.content();
        if (old.type() != NodeType.FILE || content == null) {
            return false;
        }
        if (old.size() != attrs.size()
                || old.inode() != attrs.ino()
                || !old.mtimeInstant().equals(attrs.mtime())
                || !old.ctimeInstant().equals(attrs.ctime())) {
            return false;
        }
        for (Id id : content) {
            if (!repo.index().has(BlobType.DATA, id)) {
                return false;
            }
        }
        return true;
    }

    private @Nullable Tree loadOld(@Nullable Node old) {
        if (old == null || old.type() != NodeType.DIR || old.subtree() == null) {
            return null;
        }
        try {
            Id id = Objects.requireNonNull(old.subtree());
            return Tree.parse(id, repo.loadBlob(BlobType.TREE, id));
        } catch (IOException e) {
            return null; // the parent is only an optimisation: read the files again
        }
    }

    private static List<Node> collect(List<CompletableFuture<@Nullable Node>> kids) {
        List<Node> out = new ArrayList<>(kids.size());
        for (CompletableFuture<@Nullable Node> k : kids) {
            Node n = k.join();
            if (n != null) {
                out.add(n);
            }
        }
        return out;
    }

    private static void acquire(Semaphore s) {
        try {
            s.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InterruptedIOException("interrupted"));
        }
    }

    private static <T> T join(CompletableFuture<T> f) {
        return f.join();
    }

    static IOException unwrap(CompletionException e) {
        Throwable c = e.getCause();
        while (c instanceof CompletionException || c instanceof UncheckedIOException) {
            if (c instanceof UncheckedIOException u) {
                return java.util.Objects.requireNonNull(u.getCause());
            }
            c = c.getCause();
        }
        if (c instanceof IOException io) {
            return io;
        }
        if (c instanceof RuntimeException re) {
            throw re;
        }
        if (c instanceof Error err) {
            throw err;
        }
        return new IOException(c);
    }
}

package io.holdfast.engine;

import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.NodeType;
import io.holdfast.format.tree.Tree;
import io.holdfast.repository.BlobSaver;
import io.holdfast.repository.Repository;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link BackupSource} stores through: file contents (chunked, deduplicated, packed on the CPU pool), trees,
 * and the counts and progress the backup reports. One per backup run; safe to use from many threads.
 */
public final class SourceContext {
    private final Repository repo;
    private final BlobSaver saver;
    private final FileSaver fileSaver;
    private final Semaphore inflight;
    private final BackupStats stats;
    private final BackupProgress progress;
    private final Clock clock;
    private final BackupOptions options;

    SourceContext(
            Repository repo,
            BlobSaver saver,
            FileSaver fileSaver,
            Semaphore inflight,
            BackupStats stats,
            BackupProgress progress,
            Clock clock,
            BackupOptions options) {
        this.repo = repo;
        this.saver = saver;
        this.fileSaver = fileSaver;
        this.inflight = inflight;
        this.stats = stats;
        this.progress = progress;
        this.clock = clock;
        this.options = options;
    }

    /** A file's stored content: its data blob ids in order and its length. */
    public record Content(List<Id> blobs, long size) {}

    /** Reads {@code in} to its end and stores it as one file's content (not counted as a file: see {@link #counted}). */
    public Content store(InputStream in) throws IOException {
        FileSaver.Pending p = fileSaver.start(in);
        return new Content(p.await(), p.bytes());
    }

    /** Stores a tree and returns its id (counted as a tree blob when new). */
    public Id saveTree(Tree tree) throws IOException {
        return Archiver.saveTree(saver, tree, stats);
    }

    /** Whether every blob of {@code content} is in the repository, so a node may reuse it without reading again. */
    public boolean indexed(List<Id> content) {
        for (Id id : content) {
            if (!repo.index().has(BlobType.DATA, id)) {
                return false;
            }
        }
        return true;
    }

    /** Loads a tree of the parent snapshot; null if it cannot be read (the parent is only an optimisation). */
    public @Nullable Tree loadTree(@Nullable Id id) {
        if (id == null) {
            return null;
        }
        try {
            return Tree.parse(id, repo.loadBlob(BlobType.TREE, id));
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Counts one file of the snapshot and reports it done; {@code bytes} are counted as processed only for an
     * unchanged file ({@link #store} counts what it reads).
     */
    public void counted(String path, BackupProgress.FileStatus status, long bytes) {
        stats.filesProcessed.increment();
        switch (status) {
            case NEW -> stats.filesNew.increment();
            case CHANGED -> stats.filesChanged.increment();
            case UNCHANGED -> {
                stats.filesUnmodified.increment();
                stats.bytesProcessed.add(bytes);
                progress.bytesDone(bytes);
            }
        }
        progress.fileDone(path, status);
    }

    /** Counts a directory whose tree was saved as {@code id}, against its node in the parent (null if new). */
    public void dirCounted(@Nullable Node old, Id id) {
        if (old == null || old.type() != NodeType.DIR) {
            stats.dirsNew.increment();
        } else if (id.equals(old.subtree())) {
            stats.dirsUnmodified.increment();
        } else {
            stats.dirsChanged.increment();
        }
    }

    /** A regular file node holding {@code bytes} (a generated file, such as PostgreSQL's backup label). */
    public Node file(String name, byte[] bytes, int mode, OffsetDateTime mtime) throws IOException {
        Content c = store(new ByteArrayInputStream(bytes));
        stats.filesNew.increment();
        stats.filesProcessed.increment();
        return fileNode(name, c, mode, mtime);
    }

    /** A regular file node of stored {@code content}, owned by this process's user. */
    public Node fileNode(String name, Content content, int mode, OffsetDateTime mtime) {
        return Node.builder()
                .name(name)
                .type(NodeType.FILE)
                .mode(mode)
                .mtime(mtime)
                .atime(mtime)
                .ctime(mtime)
                .uid(Hosts.uid())
                .gid(Hosts.gid())
                .user(System.getProperty("user.name", ""))
                .size(content.size())
                .content(content.blobs())
                .build();
    }

    /**
     * {@code root} with {@code nodes} added to (or replacing same-named nodes in) the directory at {@code dir}, whose
     * every component must exist; the trees on the way are saved again.
     */
    public Tree put(Tree root, List<String> dir, List<Node> nodes) throws IOException {
        if (dir.isEmpty()) {
            java.util.Map<String, Node> byName = new java.util.TreeMap<>();
            for (Node n : root.nodes()) {
                byName.put(n.name(), n);
            }
            for (Node n : nodes) {
                byName.put(n.name(), n);
            }
            return Tree.of(byName.values());
        }
        Node d = root.find(dir.get(0));
        Id subId = d == null || d.type() != NodeType.DIR ? null : d.subtree();
        if (subId != null && !repo.index().has(BlobType.TREE, subId) && !options.dryRun()) {
            saver.flush(); // a tree saved in this run is still in an open pack: make it loadable
        }
        Tree sub = loadTree(subId);
        if (d == null || sub == null) {
            throw new java.nio.file.NoSuchFileException(dir.get(0), null, "no such directory in the snapshot tree");
        }
        Id id = saveTree(put(sub, dir.subList(1, dir.size()), nodes));
        return put(root, List.of(), List.of(d.toBuilder().subtree(id).build()));
    }

    public BackupProgress progress() {
        return progress;
    }

    public Clock clock() {
        return clock;
    }

    public BackupOptions options() {
        return options;
    }

    Repository repo() {
        return repo;
    }

    BlobSaver saver() {
        return saver;
    }

    FileSaver fileSaver() {
        return fileSaver;
    }

    Semaphore inflight() {
        return inflight;
    }

    BackupStats stats() {
        return stats;
    }
}

package io.holdfast.engine;

import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.NodeType;
import io.holdfast.format.tree.Tree;
import io.holdfast.repository.BlobSaver;
import io.holdfast.repository.Repository;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Copies the trees and data blobs below snapshot roots from one repository into another, remembering across calls
 * what it has done. Plainly, every tree is walked, its raw bytes are stored unchanged (so tree ids stay the same) and
 * every data blob the destination lacks is loaded from the source and saved, on the destination's CPU pool. With
 * rechunking, each file's content is read from the source blobs and cut again with the destination's chunker, and
 * the trees are rebuilt with the new content ids (a tree whose nodes do not change keeps its bytes and id).
 */
final class TreeCopier {
    private final Repository src;
    private final Repository dst;
    private final boolean rechunk;
    private final BlobSaver saver;
    private final BackupStats stats = new BackupStats();
    private final Set<Id> walked = new HashSet<>();
    private final Map<Id, Id> rewritten = new HashMap<>();
    private final Map<List<Id>, List<Id>> rechunked = new HashMap<>();
    private final Set<Id> requested = ConcurrentHashMap.newKeySet();
    private final int maxInflight;
    private final Semaphore inflight;
    private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
    private final @Nullable FileSaver fileSaver;

    TreeCopier(Repository src, Repository dst, boolean rechunk) {
        this.src = src;
        this.dst = dst;
        this.rechunk = rechunk;
        this.saver = dst.blobSaver();
        this.maxInflight = 2 * dst.options().workers() + 2;
        this.inflight = new Semaphore(maxInflight);
        this.fileSaver = rechunk
                ? new FileSaver(
                        saver, dst.chunkerSpec(), dst.workers(), new Semaphore(maxInflight), stats, BackupProgress.NONE)
                : null;
    }

    /** Copies everything below the tree {@code root}; returns the id of the root tree in the destination. */
    Id copy(Id root) throws IOException {
        if (rechunk) {
            return rewrite(root);
        }
        walk(root);
        return root;
    }

    /** Waits for the blobs in flight, then writes the open packs and their index: all copied so far is durable. */
    void flush() throws IOException {
        awaitCopies();
        saver.flush();
    }

    long dataBlobs() {
        return stats.dataBlobs.sum();
    }

    long treeBlobs() {
        return stats.treeBlobs.sum();
    }

    long bytesAdded() {
        return stats.dataAdded.sum() + stats.treeAdded.sum();
    }

    private void walk(Id treeId) throws IOException {
        if (!walked.add(treeId)) {
            return;
        }
        byte[] raw = src.loadBlob(BlobType.TREE, treeId);
        Tree tree = Tree.parse(treeId, raw);
        for (Node n : tree.nodes()) {
            List<Id> content = n.content();
            if (content != null) {
                for (Id id : content) {
                    copyData(id);
                }
            }
            Id sub = n.subtree();
            if (n.type() == NodeType.DIR && sub != null) {
                walk(sub);
            }
        }
        saveTree(raw, treeId);
    }

    private Id rewrite(Id treeId) throws IOException {
        Id done = rewritten.get(treeId);
        if (done != null) {
            return done;
        }
        byte[] raw = src.loadBlob(BlobType.TREE, treeId);
        Tree tree = Tree.parse(treeId, raw);
        List<Node> nodes = new ArrayList<>(tree.size());
        boolean changed = false;
        for (Node n : tree.nodes()) {
            Node out = n;
            List<Id> content = n.content();
            Id sub = n.subtree();
            if (n.type() == NodeType.FILE && content != null) {
                List<Id> again = rechunk(content);
                if (!again.equals(content)) {
                    out = n.toBuilder().content(again).build();
                }
            } else if (content != null) {
                for (Id id : content) {
                    copyData(id);
                }
            }
            if (n.type() == NodeType.DIR && sub != null) {
                Id newSub = rewrite(sub);
                if (!newSub.equals(sub)) {
                    out = n.toBuilder().subtree(newSub).build();
                }
            }
            changed |= out != n;
            nodes.add(out);
        }
        Id id = changed ? saveTree(Tree.of(nodes).toJson(), null) : saveTree(raw, treeId);
        rewritten.put(treeId, id);
        return id;
    }

    private List<Id> rechunk(List<Id> content) throws IOException {
        List<Id> done = rechunked.get(content);
        if (done != null) {
            return done;
        }
        List<Id> ids;
        try (BlobStream in = new BlobStream(src, content, 2)) {
            ids = Objects.requireNonNull(fileSaver).save(in);
        }
        rechunked.put(List.copyOf(content), ids);
        return ids;
    }

    private Id saveTree(byte[] json, @Nullable Id id) throws IOException {
        BlobSaver.Result r = saver.save(BlobType.TREE, json, 0, json.length, id);
        if (r.stored()) {
            stats.treeBlobs.increment();
            stats.treeAdded.add(r.storedLength());
        }
        return r.id();
    }

    /** Copies one data blob unless the destination has it or it is on its way, on the destination's CPU pool. */
    private void copyData(Id id) throws IOException {
        if (dst.index().has(BlobType.DATA, id) || !requested.add(id)) {
            return;
        }
        rethrowFailure();
        try {
            inflight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
        try {
            dst.workers().execute(() -> {
                try {
                    byte[] plain = src.loadBlob(BlobType.DATA, id);
                    BlobSaver.Result r = saver.save(BlobType.DATA, plain, 0, plain.length, id);
                    if (r.stored()) {
                        stats.dataBlobs.increment();
                        stats.dataAdded.add(r.storedLength());
                    }
                } catch (IOException | RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                } finally {
                    inflight.release();
                }
            });
        } catch (RejectedExecutionException e) {
            inflight.release();
            throw e;
        }
    }

    private void awaitCopies() throws IOException {
        try {
            inflight.acquire(maxInflight);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
        inflight.release(maxInflight);
        rethrowFailure();
    }

    private void rethrowFailure() throws IOException {
        Throwable t = failure.get();
        if (t == null) {
            return;
        }
        if (t instanceof IOException io) {
            throw io;
        }
        if (t instanceof RuntimeException re) {
            throw re;
        }
        throw (Error) t;
    }
}

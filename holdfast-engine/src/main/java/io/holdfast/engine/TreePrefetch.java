package io.holdfast.engine;

import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.format.tree.Tree;
import io.holdfast.repository.BlobLocation;
import io.holdfast.repository.Executors2;
import io.holdfast.repository.Repository;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Loads trees ahead of a walk that takes them one at a time, so that reading, decrypting, decompressing and parsing
 * them runs on the pool's threads while the walking thread only visits nodes. The walk itself, and so the order of
 * everything it reports, stays as it was: only where a tree is loaded changes.
 *
 * <p>The walking thread announces the trees it will take ({@link #ahead}) and then takes them ({@link #take}); a tree
 * never announced, or announced over the budget, is loaded by {@code take} itself. The most recently announced tree is
 * loaded first, which is the order of a depth-first walk over a stack: the children of the tree just taken come next.
 * At most {@code budget} plaintext bytes of trees are loading or loaded and not yet taken, so memory stays bounded
 * however wide a directory is. Every method but the loading is called by the walking thread only.
 */
final class TreePrefetch implements AutoCloseable {
    /** Where trees come from. */
    interface Source {
        /** Loads, verifies and parses a tree. */
        Tree load(Id id) throws IOException;

        /** The tree's plaintext length from the index, or -1 if the index does not name it. */
        long size(Id id);
    }

    private record Pending(CompletableFuture<Tree> tree, long size) {}

    private final Source source;
    private final Executor pool;
    private final int loaders;
    private final long budget;
    private final Map<Id, Pending> pending = new HashMap<>();
    /** Announced trees, the most recent first; an id whose future is no longer in {@link #futures} is skipped. */
    private final ConcurrentLinkedDeque<Id> queue = new ConcurrentLinkedDeque<>();
    /** The futures of announced trees no loader has started: whoever removes one loads it. */
    private final Map<Id, CompletableFuture<Tree>> futures = new ConcurrentHashMap<>();

    private final AtomicInteger running = new AtomicInteger();
    private long held;

    /**
     * @param loaders how many of the pool's threads load at once (at most)
     * @param budget the plaintext bytes of trees announced and not yet taken, at most
     */
    TreePrefetch(Source source, Executor pool, int loaders, long budget) {
        this.source = source;
        this.pool = pool;
        this.loaders = Math.max(1, loaders);
        this.budget = budget;
    }

    /** Trees loaded ahead by a walk, at most, in plaintext bytes. */
    static final long BUDGET = 16L << 20;

    /** Loads the repository's trees on its workers, within {@link #BUDGET}. */
    static TreePrefetch of(Repository repo) {
        return new TreePrefetch(
                new Source() {
                    @Override
                    public Tree load(Id id) throws IOException {
                        return Tree.parse(id, repo.loadBlob(BlobType.TREE, id));
                    }

                    @Override
                    public long size(Id id) {
                        BlobLocation l = repo.index().lookup(BlobType.TREE, id);
                        return l == null ? -1 : l.plaintextLength();
                    }
                },
                repo.workers(),
                repo.options().workers(),
                BUDGET);
    }

    /** Starts loading {@code id} unless it is already, or the budget is spent; never blocks. */
    void ahead(Id id) {
        if (pending.containsKey(id)) {
            return;
        }
        long size = source.size(id);
        if (size < 0 || held + size > budget) {
            return;
        }
        CompletableFuture<Tree> f = new CompletableFuture<>();
        pending.put(id, new Pending(f, size));
        held += size;
        futures.put(id, f);
        queue.push(id);
        startLoader();
    }

    /** The tree {@code id}: the one loaded ahead, waited for, or else loaded now. */
    Tree take(Id id) throws IOException {
        Pending p = pending.remove(id);
        if (p == null) {
            return source.load(id);
        }
        held -= p.size();
        if (futures.remove(id) != null) {
            return source.load(id); // no loader has started it: load it here rather than wait for one
        }
        return Executors2.await(p.tree());
    }

    /** Forgets a tree announced but not to be taken (the walk skips it), returning its share of the budget. */
    void drop(Id id) {
        Pending p = pending.remove(id);
        if (p != null) {
            held -= p.size();
            futures.remove(id);
        }
    }

    /** Bytes of trees announced and not yet taken or dropped. */
    long held() {
        return held;
    }

    /** Stops loading what has not started; what is loading finishes and is dropped. */
    @Override
    public void close() {
        futures.clear();
        queue.clear();
        pending.clear();
        held = 0;
    }

    private void startLoader() {
        while (true) {
            int r = running.get();
            if (r >= loaders || queue.isEmpty()) {
                return;
            }
            if (running.compareAndSet(r, r + 1)) {
                pool.execute(this::drain);
                return;
            }
        }
    }

    /** A loader: takes the most recently announced tree until none is left. */
    private void drain() {
        try {
            while (true) {
                Id id = queue.poll();
                if (id == null) {
                    return;
                }
                @Nullable CompletableFuture<Tree> f = futures.remove(id);
                if (f == null) {
                    continue; // taken, dropped or announced twice meanwhile
                }
                try {
                    f.complete(source.load(id));
                } catch (IOException | RuntimeException | Error e) {
                    f.completeExceptionally(e); // always completed: the walk may be waiting for it
                    if (e instanceof Error err) {
                        throw err;
                    }
                }
            }
        } finally {
            running.decrementAndGet();
            if (!queue.isEmpty()) {
                startLoader(); // announced between the last poll and the decrement
            }
        }
    }
}

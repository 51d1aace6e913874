package io.holdfast.engine;

import io.holdfast.format.Id;
import io.holdfast.format.snapshot.Snapshot;
import io.holdfast.repository.Repository;
import io.holdfast.storage.FileType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Copies snapshots from one repository into another, as restic's {@code copy}: only the blobs the destination lacks
 * are transferred (loaded and verified from the source, then packed, compressed and encrypted with the
 * destination's key), and a snapshot the destination has a copy of already is skipped. Write order per snapshot:
 * packs, index, then the snapshot, so a crash never leaves a snapshot pointing at missing data.
 *
 * <p>A copy keeps the source snapshot's fields except {@code parent} (meaningless in the destination) and records
 * the source's id in {@code original} (or keeps the source's own {@code original}); a destination snapshot with the
 * same original and the same time, tree, host, user, ids, paths, tags and excludes counts as a copy. With
 * {@link CopyOptions#rechunk()} the tree differs by construction and is not compared.
 *
 * <p>The caller opens both repositories, loads both indexes and holds (shared) locks on both. The base of
 * replication: a replicator calls {@link #copy} with the snapshots to transfer.
 */
public final class Copier {
    /** Hears about each source snapshot; every method does nothing by default. Called on the copying thread. */
    public interface Listener {
        /** Hears nothing. */
        Listener NONE = new Listener() {};

        /** {@code source} has a copy in the destination already, {@code existing}. */
        default void skipped(Snapshots.Ref source, Id existing) {}

        /** Copying {@code source} starts. */
        default void started(Snapshots.Ref source) {}

        /** {@code source} was copied as the destination snapshot {@code copy}. */
        default void copied(Snapshots.Ref source, Id copy) {}
    }

    private final Repository source;
    private final Repository destination;
    private final Listener listener;

    public Copier(Repository source, Repository destination, Listener listener) {
        this.source = source;
        this.destination = destination;
        this.listener = listener;
    }

    /**
     * Whether the repositories cut files into the same chunks (same chunker kind and parameters; false if either uses
     * a chunker this version does not know). If not, copied blobs do not deduplicate with data backed up into the
     * destination; {@link CopyOptions#rechunk()} fixes that.
     */
    public static boolean sameChunker(Repository a, Repository b) {
        try {
            return a.chunkerSpec().equals(b.chunkerSpec());
        } catch (IllegalStateException e) {
            return false; // a chunker this version does not know
        }
    }

    /**
     * Copies the selected snapshots, oldest first.
     *
     * @throws IllegalArgumentException if a named snapshot does not exist in the source
     * @throws IllegalStateException if the destination uses a chunker this version does not know
     */
    public CopyResult copy(CopyOptions opts) throws IOException {
        destination.chunkerSpec(); // like backup, refuse to write into a repository whose chunker is unknown
        List<Snapshots.Ref> selected = opts.filter().select(source, opts.snapshots());
        Map<Id, List<Snapshots.Ref>> byOriginal = new HashMap<>();
        for (Snapshots.Ref r : opts.filter().select(destination, List.of())) {
            remember(byOriginal, r);
        }
        TreeCopier trees = new TreeCopier(source, destination, opts.rechunk());
        List<CopyResult.Copied> copied = new ArrayList<>();
        List<CopyResult.Skipped> skipped = new ArrayList<>();
        for (Snapshots.Ref src : selected) {
            Snapshot s = src.snapshot();
            Id own = s.original();
            Id original = own != null ? own : src.id();
            Snapshots.Ref existing = findCopy(byOriginal.getOrDefault(original, List.of()), s, !opts.rechunk());
            if (existing != null) {
                skipped.add(new CopyResult.Skipped(src.id(), existing.id()));
                listener.skipped(src, existing.id());
                continue;
            }
            listener.started(src);
            Id tree = trees.copy(s.tree());
            trees.flush();
            Snapshot copy =
                    s.toBuilder().parent(null).original(original).tree(tree).build();
            Id id = destination.saveJson(FileType.SNAPSHOT, copy.toJson());
            copied.add(new CopyResult.Copied(src.id(), id));
            remember(byOriginal, new Snapshots.Ref(id, copy));
            listener.copied(src, id);
        }
        return new CopyResult(
                copied, skipped, trees.dataBlobs(), trees.treeBlobs(), trees.bytesAdded(), opts.rechunk());
    }

    /** Indexes a destination snapshot under its original and under its own id (a copy of a copy). */
    private static void remember(Map<Id, List<Snapshots.Ref>> byOriginal, Snapshots.Ref r) {
        Id original = r.snapshot().original();
        if (original != null) {
            byOriginal.computeIfAbsent(original, k -> new ArrayList<>()).add(r);
        }
        byOriginal.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(r);
    }

    private static Snapshots.@Nullable Ref findCopy(List<Snapshots.Ref> candidates, Snapshot s, boolean compareTrees) {
        for (Snapshots.Ref c : candidates) {
            if (similar(c.snapshot(), s, compareTrees)) {
                return c;
            }
        }
        return null;
    }

    /** restic's test for "already copied": everything but parent and original is equal (tree only if asked). */
    static boolean similar(Snapshot a, Snapshot b, boolean compareTrees) {
        return a.time().toInstant().equals(b.time().toInstant())
                && (!compareTrees || a.tree().equals(b.tree()))
                && a.hostname().equals(b.hostname())
                && a.username().equals(b.username())
                && a.uid() == b.uid()
                && a.gid() == b.gid()
                && a.paths().size() == b.paths().size()
                && a.paths().containsAll(b.paths())
                && a.tags().size() == b.tags().size()
                && SnapshotFilter.hasTags(a, b.tags())
                && a.excludes().equals(b.excludes());
    }
}

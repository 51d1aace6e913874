package io.holdfast.engine;

import io.holdfast.engine.fs.FsPath;
import io.holdfast.engine.retention.Holds;
import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.format.json.RawJson;
import io.holdfast.format.snapshot.Snapshot;
import io.holdfast.format.snapshot.SnapshotBuilder;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.NodeType;
import io.holdfast.format.tree.Tree;
import io.holdfast.repository.BlobSaver;
import io.holdfast.repository.Repository;
import io.holdfast.storage.FileType;
import io.holdfast.storage.Handle;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Rewrites snapshots without the paths that match excludes, or with a new host or time, as restic's {@code rewrite}:
 * changed trees are saved, then a new snapshot with {@code original} naming the old one and the tag {@code rewrite}
 * (unless the old one is removed, {@code forget}). Plan first: with {@code forget}, a snapshot under a legal hold, or
 * a repository under Object Lock, stops the run before anything is written. The new snapshot is saved before the
 * old is removed, so an interruption leaves both, never neither.
 */
public final class Rewriter {
    /**
     * What to change.
     *
     * @param excludes paths to leave out (restic's exclude patterns, matched against each node's path)
     * @param forget remove each original snapshot once its rewrite is saved (no {@code rewrite} tag then)
     * @param dryRun rewrite trees and count, but save nothing
     * @param newHost the host name to record; null to keep it
     * @param newTime the time to record; null to keep it
     */
    public record Options(
            Excludes excludes,
            boolean forget,
            boolean dryRun,
            @Nullable String newHost,
            @Nullable Instant newTime) {
        public boolean nothingToDo() {
            return excludes.patterns().isEmpty() && newHost == null && newTime == null;
        }
    }

    /** What happens as the run goes, for the command's output. */
    public interface Listener {
        default void snapshot(Snapshots.Ref ref) {}

        default void excluded(String path) {}

        default void saved(@Nullable Id id) {}

        default void removed(Id id) {}
    }

    /**
     * One snapshot rewritten.
     *
     * @param from the original snapshot
     * @param to the new one; null in a dry run
     * @param excluded how many nodes were left out
     */
    public record Rewritten(Id from, @Nullable Id to, long excluded) {}

    private final Repository repo;
    private final Options options;
    private final Listener listener;
    private final BlobSaver saver;
    private long files;
    private long bytes;
    private long excluded;

    private Rewriter(Repository repo, Options options, Listener listener) {
        this.repo = repo;
        this.options = options;
        this.listener = listener;
        this.saver = options.dryRun() ? repo.dryRunBlobSaver() : repo.blobSaver();
    }

    /** Rewrites {@code refs}; returns the snapshots that changed (or would, in a dry run). */
    public static List<Rewritten> run(Repository repo, List<Snapshots.Ref> refs, Options options, Listener listener)
            throws IOException {
        if (options.nothingToDo()) {
            throw new IllegalArgumentException("Nothing to do: no excludes provided and no new metadata provided");
        }
        if (options.forget()) {
            if (repo.retentionRule() != null) {
                throw new IllegalStateException("this repository keeps its files under Object Lock, so the original"
                        + " snapshots cannot be removed; rewrite without --forget");
            }
            Map<Id, Holds.Event> held = Holds.current(repo);
            for (Snapshots.Ref r : refs) {
                if (held.containsKey(r.id())) {
                    throw new IllegalStateException("snapshot " + r.id().shortHex() + " is under a legal hold ("
                            + held.get(r.id()).reason() + ") and cannot be removed; rewrite without --forget;"
                            + " nothing was changed");
                }
            }
        }
        Rewriter rewriter = new Rewriter(repo, options, listener);
        List<Rewritten> done = new ArrayList<>();
        try {
            for (Snapshots.Ref r : refs) {
                Rewritten one = rewriter.rewrite(r);
                if (one != null) {
                    done.add(one);
                }
            }
        } finally {
            if (options.dryRun()) {
                rewriter.saver.flush(); // releases the dry run's reservations
            }
        }
        return done;
    }

    private @Nullable Rewritten rewrite(Snapshots.Ref ref) throws IOException {
        listener.snapshot(ref);
        Snapshot s = ref.snapshot();
        files = 0;
        bytes = 0;
        excluded = 0;
        Id tree = options.excludes().patterns().isEmpty() ? s.tree() : tree(s.tree(), FsPath.root());
        boolean metadata = options.newHost() != null || options.newTime() != null;
        if (tree.equals(s.tree()) && !metadata) {
            return null;
        }
        SnapshotBuilder b = s.toBuilder().tree(tree).original(ref.id());
        if (!tree.equals(s.tree()) && s.summary() != null) {
            b.summary(withTotals(java.util.Objects.requireNonNull(s.summary()), files, bytes));
        }
        if (!options.forget()) {
            List<String> tags = new ArrayList<>(s.tags());
            if (!tags.contains("rewrite")) {
                tags.add("rewrite");
            }
            b.tags(tags);
        }
        if (options.newTime() != null) {
            b.time(OffsetDateTime.ofInstant(options.newTime(), ZoneId.systemDefault()));
        }
        if (options.newHost() != null) {
            b.hostname(options.newHost());
        }
        if (options.dryRun()) {
            listener.saved(null);
            return new Rewritten(ref.id(), null, excluded);
        }
        saver.flush(); // the trees are durable and indexed before a snapshot names them
        Id to = repo.saveJson(FileType.SNAPSHOT, b.build().toJson());
        listener.saved(to);
        if (options.forget()) {
            repo.backend().remove(new Handle(FileType.SNAPSHOT, ref.id().hex()));
            listener.removed(ref.id());
        }
        return new Rewritten(ref.id(), to, excluded);
    }

    /** The id of tree {@code id} (at {@code path}) without the excluded nodes; saved when it changed. */
    private Id tree(Id id, FsPath path) throws IOException {
        Tree t = Tree.parse(id, repo.loadBlob(BlobType.TREE, id));
        List<Node> kept = new ArrayList<>(t.size());
        boolean changed = false;
        for (Node n : t.nodes()) {
            FsPath p = path.resolve(n.nameBytes());
            if (options.excludes().excluded(p)) {
                listener.excluded(p.toString());
                excluded++;
                changed = true;
                continue;
            }
            if (n.type() == NodeType.DIR && n.subtree() != null) {
                Id sub = java.util.Objects.requireNonNull(n.subtree());
                Id newSub = tree(sub, p);
                if (!newSub.equals(sub)) {
                    n = n.toBuilder().subtree(newSub).build();
                    changed = true;
                }
            } else if (n.type() == NodeType.FILE) {
                files++;
                bytes += n.size();
            }
            kept.add(n);
        }
        if (!changed) {
            return id;
        }
        byte[] json = Tree.of(kept).toJson();
        return saver.save(BlobType.TREE, json).id();
    }

    /** The summary with restic's rewrite's two updated fields: the files and bytes the new tree holds. */
    static RawJson withTotals(RawJson summary, long files, long bytes) {
        String json = summary.toString()
                .replaceFirst("\"total_files_processed\":\\d+", "\"total_files_processed\":" + files)
                .replaceFirst("\"total_bytes_processed\":\\d+", "\"total_bytes_processed\":" + bytes);
        return RawJson.of(json);
    }
}

package io.holdfast.engine.maintenance;

import io.holdfast.engine.Snapshots;
import io.holdfast.engine.TreeWalker;
import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.format.pack.PackedBlob;
import io.holdfast.format.snapshot.Snapshot;
import io.holdfast.format.snapshot.SnapshotBuilder;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.NodeType;
import io.holdfast.format.tree.Tree;
import io.holdfast.repository.BlobLocation;
import io.holdfast.repository.IndexFiles;
import io.holdfast.repository.PackFiles;
import io.holdfast.repository.Repository;
import io.holdfast.storage.FileType;
import io.holdfast.storage.Handle;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Repairs snapshots whose trees reference blobs that are gone, as restic 0.16's {@code repair snapshots}: a file
 * whose content is partly missing keeps the chunks that remain (so it is shorter, and its size is corrected); a
 * directory whose tree is missing or unreadable becomes an empty directory; a snapshot whose root tree is unreadable
 * is deleted. Each changed snapshot is saved as a new snapshot with {@code original} set to the old one and, unless
 * the originals are forgotten, the tag {@code repaired}. A blob counts as present when an index names it in a pack
 * that exists; damaged blobs inside existing packs are not detected here: run {@code repair packs} first, which drops
 * them from the index. New trees are saved and indexed before any snapshot is written, and the original snapshot is
 * deleted only after its replacement is saved.
 */
public final class SnapshotRepairer {
    /** The tag restic gives repaired snapshots. */
    public static final String TAG = "repaired";

    private final Repository repo;
    private final MaintenanceProgress progress;
    private final Set<BlobRef> present = new HashSet<>();
    private final Map<Id, BlobLocation> trees = new HashMap<>();
    private final Map<Id, Id> rewritten = new HashMap<>();
    private boolean dryRun;

    public SnapshotRepairer(Repository repo, MaintenanceProgress progress) {
        this.repo = repo;
        this.progress = progress;
    }

    /** Repairs the snapshots {@code opts} selects. The caller holds an exclusive lock (shared for a dry run). */
    public RepairSnapshotsResult repair(RepairSnapshotsOptions opts) throws IOException {
        dryRun = opts.dryRun();
        progress.phase("loading the index");
        IndexFiles.Loaded index = IndexFiles.load(repo, true);
        index.addTo(repo.index());
        Map<Id, Long> stored = PackFiles.list(repo);
        for (Map.Entry<Id, List<PackedBlob>> e : index.packs().entrySet()) {
            if (stored.containsKey(e.getKey())) {
                for (PackedBlob b : e.getValue()) {
                    present.add(BlobRef.of(b));
                    if (b.type() == BlobType.TREE) {
                        trees.putIfAbsent(
                                b.id(),
                                new BlobLocation(
                                        e.getKey(), b.type(), b.id(), b.offset(), b.length(), b.uncompressedLength()));
                    }
                }
            }
        }
        List<Snapshots.Ref> selected = select(opts.snapshots());
        progress.phase("checking " + selected.size() + " snapshots");
        List<RepairSnapshotsResult.Repaired> out = new ArrayList<>();
        Map<Snapshots.Ref, Id> newRoots = new HashMap<>();
        for (Snapshots.Ref s : selected) {
            List<String> changes = new ArrayList<>();
            Id root = rewrite(s.snapshot().tree(), "/", changes);
            changes.forEach(c -> progress.message("snapshot " + s.id().shortHex() + ": " + c));
            RepairSnapshotsResult.Outcome outcome = root == null
                    ? RepairSnapshotsResult.Outcome.REMOVED
                    : root.equals(s.snapshot().tree())
                            ? RepairSnapshotsResult.Outcome.UNCHANGED
                            : RepairSnapshotsResult.Outcome.REPAIRED;
            if (root != null && outcome == RepairSnapshotsResult.Outcome.REPAIRED) {
                newRoots.put(s, root);
            }
            out.add(new RepairSnapshotsResult.Repaired(s.id(), null, outcome, changes));
        }
        if (dryRun) {
            return new RepairSnapshotsResult(out, true);
        }
        repo.blobSaver().flush(); // new trees are durable and indexed before any snapshot names them
        List<RepairSnapshotsResult.Repaired> done = new ArrayList<>();
        for (int i = 0; i < selected.size(); i++) {
            Snapshots.Ref s = selected.get(i);
            RepairSnapshotsResult.Repaired r = out.get(i);
            Id replacement = null;
            if (r.outcome() == RepairSnapshotsResult.Outcome.REPAIRED) {
                replacement = saveReplacement(s, newRoots.get(s), opts.forget());
                progress.message(
                        "snapshot " + s.id().shortHex() + ": saved repaired snapshot " + replacement.shortHex());
            }
            if (r.outcome() == RepairSnapshotsResult.Outcome.REMOVED
                    || (r.outcome() == RepairSnapshotsResult.Outcome.REPAIRED && opts.forget())) {
                repo.backend().remove(new Handle(FileType.SNAPSHOT, s.id().hex()));
                progress.message("snapshot " + s.id().shortHex() + ": removed");
            }
            done.add(new RepairSnapshotsResult.Repaired(s.id(), replacement, r.outcome(), r.changes()));
        }
        return new RepairSnapshotsResult(done, false);
    }

    private List<Snapshots.Ref> select(List<String> specs) throws IOException {
        if (specs.isEmpty()) {
            return Snapshots.all(repo);
        }
        List<Snapshots.Ref> out = new ArrayList<>();
        for (String spec : specs) {
            Snapshots.Ref r = Snapshots.find(repo, spec, null, List.of());
            if (out.stream().noneMatch(o -> o.id().equals(r.id()))) {
                out.add(r);
            }
        }
        return out;
    }

    private Id saveReplacement(Snapshots.Ref s, @Nullable Id root, boolean forget) throws IOException {
        if (root == null) {
            throw new IllegalStateException("no new root for " + s.id());
        }
        SnapshotBuilder b = s.snapshot().toBuilder().tree(root).original(s.id());
        if (!forget && !s.snapshot().tags().contains(TAG)) {
            List<String> tags = new ArrayList<>(s.snapshot().tags());
            tags.add(TAG);
            b.tags(tags);
        }
        Snapshot repaired = b.build();
        return repo.saveJson(FileType.SNAPSHOT, repaired.toJson());
    }

    /** The repaired tree's id ({@code tree} itself if nothing changed), or null if the root cannot be read. */
    private @Nullable Id rewrite(Id tree, String path, List<String> changes) throws IOException {
        Id done = rewritten.get(tree);
        if (done != null) {
            return done;
        }
        Tree t = load(tree);
        if (t == null) {
            if (path.equals("/")) {
                changes.add("dir \"/\": not readable; the snapshot is removed");
                return null;
            }
            changes.add("dir \"" + path + "\": replaced with an empty directory");
            Id empty = save(Tree.EMPTY);
            rewritten.put(tree, empty);
            return empty;
        }
        boolean changed = false;
        List<Node> nodes = new ArrayList<>(t.size());
        for (Node n : t.nodes()) {
            String p = TreeWalker.join(path, n.name());
            Node repaired = n;
            if (n.type() == NodeType.FILE && n.content() != null) {
                repaired = repairFile(n, p, changes);
            } else if (n.type() == NodeType.DIR) {
                Id sub = n.subtree();
                Id newSub;
                if (sub == null) {
                    changes.add("dir \"" + p + "\": has no tree; replaced with an empty directory");
                    newSub = save(Tree.EMPTY);
                } else {
                    newSub = rewrite(sub, p, changes);
                }
                if (newSub != null && !newSub.equals(sub)) {
                    repaired = n.toBuilder().subtree(newSub).build();
                }
            }
            changed |= !repaired.equals(n);
            nodes.add(repaired);
        }
        Id result = changed ? save(Tree.of(nodes)) : tree;
        rewritten.put(tree, result);
        return result;
    }

    private Node repairFile(Node n, String path, List<String> changes) {
        List<Id> content = n.content();
        if (content == null) {
            return n;
        }
        List<Id> kept = new ArrayList<>(content.size());
        long size = 0;
        for (Id id : content) {
            BlobLocation loc = repo.index().lookup(BlobType.DATA, id);
            if (loc != null && present.contains(new BlobRef(BlobType.DATA, id))) {
                kept.add(id);
                size += loc.plaintextLength();
            }
        }
        if (kept.size() != content.size()) {
            changes.add("file \"" + path + "\": removed missing content");
        } else if (size != n.size()) {
            changes.add("file \"" + path + "\": fixed incorrect size");
        } else {
            return n;
        }
        return n.toBuilder().content(kept).size(size).build();
    }

    private @Nullable Tree load(Id id) {
        BlobLocation loc = trees.get(id);
        if (loc == null) {
            return null;
        }
        try {
            return Tree.parse(id, repo.loader().load(loc));
        } catch (IOException e) {
            return null;
        }
    }

    private Id save(Tree tree) throws IOException {
        byte[] json = tree.toJson();
        Id id = Id.hash(json);
        BlobRef ref = new BlobRef(BlobType.TREE, id);
        if (dryRun || present.contains(ref)) {
            return id;
        }
        if (repo.index().has(BlobType.TREE, id)) {
            repo.blobSaver().saveCopy(BlobType.TREE, json, id); // indexed, but only in a missing pack
        } else {
            repo.blobSaver().save(BlobType.TREE, json, 0, json.length, id);
        }
        present.add(ref);
        return id;
    }
}

package io.holdfast.engine.maintenance;

import io.holdfast.engine.Snapshots;
import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.NodeType;
import io.holdfast.format.tree.Tree;
import io.holdfast.repository.Executors2;
import io.holdfast.repository.Repository;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Future;

/**
 * Finds every blob the snapshots use: each tree reachable from a snapshot's root and each data blob of each file.
 * Trees are loaded breadth first, a level at a time on the repository's workers; a tree is loaded once however many
 * snapshots share it.
 */
public final class UsedBlobs {
    private UsedBlobs() {}

    /**
     * The used blobs of {@code snapshots}; the repository's index must be loaded.
     *
     * @throws RepairNeededException if a tree is in no index or cannot be read: what it references is unknown, so
     *     nothing may be deleted
     */
    public static Set<BlobRef> find(Repository repo, List<Snapshots.Ref> snapshots, MaintenanceProgress progress)
            throws IOException {
        Set<BlobRef> used = new HashSet<>();
        List<Id> level = new ArrayList<>();
        for (Snapshots.Ref s : snapshots) {
            if (used.add(new BlobRef(BlobType.TREE, s.snapshot().tree()))) {
                level.add(s.snapshot().tree());
            }
        }
        while (!level.isEmpty()) {
            List<Future<Tree>> futures = new ArrayList<>(level.size());
            for (Id id : level) {
                futures.add(repo.workers().submit(() -> load(repo, id)));
            }
            List<Id> next = new ArrayList<>();
            for (Future<Tree> f : futures) {
                for (Node n : Executors2.await(f).nodes()) {
                    if (n.type() == NodeType.DIR && n.subtree() != null) {
                        Id sub = n.subtree();
                        if (sub != null && used.add(new BlobRef(BlobType.TREE, sub))) {
                            next.add(sub);
                        }
                    } else if (n.type() == NodeType.FILE && n.content() != null) {
                        List<Id> content = n.content();
                        if (content != null) {
                            for (Id id : content) {
                                used.add(new BlobRef(BlobType.DATA, id));
                            }
                        }
                    }
                }
            }
            progress.done(level.size());
            level = next;
        }
        return used;
    }

    private static Tree load(Repository repo, Id id) throws IOException {
        if (!repo.index().has(BlobType.TREE, id)) {
            throw new RepairNeededException("tree " + id.hex() + " is in no index, so what it references is unknown; "
                    + "nothing was deleted. Run 'holdfast repair index', then 'holdfast repair snapshots --forget'");
        }
        try {
            return Tree.parse(id, repo.loadBlob(BlobType.TREE, id));
        } catch (IOException e) {
            throw new RepairNeededException("tree " + id.hex() + " cannot be read (" + e.getMessage() + "), so what "
                    + "it references is unknown; nothing was deleted. Run 'holdfast check --read-data' and repair");
        }
    }
}

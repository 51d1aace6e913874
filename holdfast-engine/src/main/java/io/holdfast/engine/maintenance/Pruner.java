package io.holdfast.engine.maintenance;

import io.holdfast.engine.Snapshots;
import io.holdfast.format.Id;
import io.holdfast.format.pack.PackedBlob;
import io.holdfast.repository.BlobSaver;
import io.holdfast.repository.IndexFiles;
import io.holdfast.repository.PackFiles;
import io.holdfast.repository.Repository;
import io.holdfast.storage.FileType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Runs prune: loads the index and the snapshots, finds the used blobs, plans with {@link PrunePlanner} and, unless it
 * is a dry run, executes the plan in an order that keeps the repository valid after a crash at any step:
 *
 * <ol>
 *   <li>pack files no index names are deleted (nothing refers to them);
 *   <li>the used blobs of the packs to repack are read, verified and saved into new packs, which are uploaded and
 *       indexed (new index files);
 *   <li>new index files describing every remaining pack are written, each superseding all old index files;
 *   <li>the old index files are deleted;
 *   <li>only then the repacked and unused packs are deleted.
 * </ol>
 *
 * <p>The caller holds an exclusive lock and gives a repository whose in-memory index is empty.
 */
public final class Pruner {
    private final Repository repo;
    private final MaintenanceProgress progress;

    public Pruner(Repository repo, MaintenanceProgress progress) {
        this.repo = repo;
        this.progress = progress;
    }

    /** Plans and, unless {@code opts.dryRun()}, prunes. */
    public PruneResult prune(PruneOptions opts) throws IOException {
        progress.phase("loading the index");
        IndexFiles.Loaded index = IndexFiles.load(repo, false);
        index.addTo(repo.index());
        progress.phase("loading snapshots");
        List<Snapshots.Ref> snapshots = Snapshots.all(repo);
        progress.phase("finding the data used by " + snapshots.size() + " snapshots");
        Set<BlobRef> used = UsedBlobs.find(repo, snapshots, progress);
        progress.phase("planning");
        Map<Id, Long> stored = PackFiles.list(repo);
        PrunePlan plan = PrunePlanner.plan(
                new PrunePlanner.Input(
                        index.packs(),
                        stored,
                        used,
                        repo.options().packSize(),
                        repo.config().version()),
                opts);
        if (opts.dryRun()) {
            return PruneResult.planned(plan, snapshots.size());
        }
        return execute(plan, index, stored, snapshots.size());
    }

    private PruneResult execute(PrunePlan plan, IndexFiles.Loaded index, Map<Id, Long> stored, int snapshots)
            throws IOException {
        int deleted = 0;
        Set<Id> unreferenced = plan.ids(PackInfo.Action.DELETE_UNREFERENCED);
        if (!unreferenced.isEmpty()) {
            progress.phase("deleting " + unreferenced.size() + " unreferenced packs");
            deleted += IndexFiles.remove(repo, FileType.PACK, unreferenced);
        }

        Set<Id> repack = plan.ids(PackInfo.Action.REPACK);
        List<Id> saverFiles = List.of();
        Repacker.Outcome copied = new Repacker.Outcome(0, 0, Set.of(), List.of());
        if (!repack.isEmpty()) {
            progress.phase("repacking " + repack.size() + " packs");
            BlobSaver saver = repo.blobSaver();
            int before = saver.writtenIndexes().size();
            Map<Id, List<PackedBlob>> packs = new TreeMap<>(index.packs());
            packs.keySet().retainAll(repack);
            copied = new Repacker(repo, progress).copy(packs, stored, plan.keepBlobs());
            saver.flush();
            List<Id> all = saver.writtenIndexes();
            saverFiles = List.copyOf(all.subList(before, all.size()));
            if (!copied.left().isEmpty()) {
                throw new RepairNeededException(copied.left().size() + " used blobs could not be copied out of the "
                        + "packs to repack ("
                        + String.join(
                                "; ",
                                copied.problems()
                                        .subList(
                                                0, Math.min(3, copied.problems().size())))
                        + "); no data was deleted. Run 'holdfast check --read-data', then 'holdfast repair packs' for "
                        + "the damaged packs");
            }
        }

        int indexWritten = 0;
        int indexRemoved = 0;
        int packsWritten = 0;
        if (plan.rewritesIndex()) {
            Set<Id> drop = new HashSet<>(repack);
            drop.addAll(plan.ids(PackInfo.Action.DELETE));
            drop.addAll(plan.ids(PackInfo.Action.FORGET_MISSING));
            Map<Id, List<PackedBlob>> remaining = IndexRewriter.remaining(repo, index, drop, saverFiles);
            for (Id p : remaining.keySet()) {
                packsWritten += index.packs().containsKey(p) ? 0 : 1;
            }
            Set<Id> obsolete = new LinkedHashSet<>(index.allFiles());
            obsolete.addAll(saverFiles);
            IndexRewriter.Result r = IndexRewriter.replace(repo, remaining, obsolete, progress);
            indexWritten = r.written().size();
            indexRemoved = r.removed();
        }

        List<Id> obsoletePacks = new ArrayList<>(repack);
        obsoletePacks.addAll(plan.ids(PackInfo.Action.DELETE));
        if (!obsoletePacks.isEmpty()) {
            progress.phase("deleting " + obsoletePacks.size() + " packs");
            deleted += IndexFiles.remove(repo, FileType.PACK, obsoletePacks);
        }
        return new PruneResult(
                plan,
                false,
                snapshots,
                packsWritten,
                copied.copied(),
                copied.copiedBytes(),
                indexWritten,
                indexRemoved,
                deleted);
    }
}

package io.holdfast.server.jobs;

import io.holdfast.client.Holdfast;
import io.holdfast.client.Stats;
import io.holdfast.engine.SnapshotFilter;
import io.holdfast.engine.Snapshots;
import io.holdfast.engine.TreeWalker;
import io.holdfast.format.tree.NodeType;
import io.holdfast.server.catalog.FileIndex;
import io.holdfast.server.catalog.Json;
import io.holdfast.server.catalog.StorageHistory;
import io.holdfast.server.catalog.Targets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Brings the file index of one target up to date: every snapshot not yet indexed is walked and its paths added;
 * snapshots gone from the repository are dropped from search. Then a storage sample is taken (the copies' logical size
 * and their distinct blobs' size before and after compression, restic's {@code stats --mode raw-data}). Queued after
 * each backup, replication, prune and catalog sync.
 */
final class IndexJob implements JobExecutor {
    @Override
    public Outcome run(JobContext ctx) throws Exception {
        MaintenanceJobs.Spec spec = Json.MAPPER.treeToValue(ctx.job().spec(), MaintenanceJobs.Spec.class);
        Targets.Access t = MaintenanceJobs.target(ctx, spec);
        FileIndex index = ctx.server().files;
        Set<String> indexed = index.indexedSnapshots(t.id());
        int added = 0;
        long versions = 0;
        Set<String> present = new HashSet<>();
        Stats raw;
        try (Holdfast hf = Repos.openReadOnly(t)) {
            hf.repository().loadIndex();
            TreeWalker walker = new TreeWalker(hf.repository());
            for (Snapshots.Ref ref : hf.snapshots()) {
                String id = ref.id().hex();
                present.add(id);
                if (indexed.contains(id)) {
                    continue;
                }
                ctx.checkCancelled();
                List<FileIndex.Entry> entries = new ArrayList<>();
                walker.walk(ref.snapshot().tree(), "/", (path, node) -> {
                    entries.add(new FileIndex.Entry(
                            path,
                            node.type() == NodeType.FILE ? node.size() : 0,
                            node.mtimeInstant().toEpochMilli()));
                    return true;
                });
                index.add(t.id(), id, ref.snapshot().time().toInstant().toEpochMilli(), entries);
                added++;
                versions += entries.size();
                ctx.done(added, versions);
            }
            raw = hf.stats(List.of(), SnapshotFilter.ALL, Stats.Mode.RAW_DATA);
        }
        int removed = 0;
        for (String id : indexed) {
            if (!present.contains(id)) {
                index.remove(t.id(), id);
                removed++;
            }
        }
        int purged = removed > 0 ? index.purge() : 0;
        StorageHistory storage = ctx.server().storage;
        storage.add(new StorageHistory.Sample(
                t.id(),
                ctx.server().clock.millis(),
                present.size(),
                storage.logicalBytes(t.id()),
                raw.uncompressedSize() > 0 ? raw.uncompressedSize() : raw.totalSize(),
                raw.totalSize()));
        ctx.log("file index of " + t.name() + ": " + added + " copies added (" + versions + " file versions), "
                + removed + " removed");
        return Outcome.succeeded(Map.of(
                "copiesAdded", added, "versionsAdded", versions, "copiesRemoved", removed, "versionsPurged", purged));
    }
}

package io.holdfast.engine.retention;

import io.holdfast.engine.Snapshots;
import io.holdfast.engine.maintenance.BlobRef;
import io.holdfast.engine.maintenance.MaintenanceProgress;
import io.holdfast.engine.maintenance.UsedBlobs;
import io.holdfast.format.Id;
import io.holdfast.repository.BlobLocation;
import io.holdfast.repository.Repository;
import io.holdfast.storage.FileType;
import io.holdfast.storage.Handle;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The files that snapshots need to be restored: the config, every key, the snapshot files, every index file, and
 * each pack holding a tree or data blob the snapshots reach.
 */
public final class NeededFiles {
    private NeededFiles() {}

    /** The files {@code snapshots} need; the repository's index must be loaded. */
    public static Set<Handle> of(Repository repo, List<Snapshots.Ref> snapshots, MaintenanceProgress progress)
            throws IOException {
        Set<Handle> out = new LinkedHashSet<>();
        out.add(Handle.CONFIG);
        for (Id key : repo.list(FileType.KEY)) {
            out.add(new Handle(FileType.KEY, key.hex()));
        }
        for (Snapshots.Ref s : snapshots) {
            out.add(new Handle(FileType.SNAPSHOT, s.id().hex()));
        }
        for (Id index : repo.list(FileType.INDEX)) {
            out.add(new Handle(FileType.INDEX, index.hex()));
        }
        if (snapshots.isEmpty()) {
            return out;
        }
        Set<Id> packs = new LinkedHashSet<>();
        for (BlobRef b : UsedBlobs.find(repo, snapshots, progress)) {
            BlobLocation where = repo.index().lookup(b.type(), b.id());
            if (where != null) { // a missing blob is check's business; nothing to lock
                packs.add(where.pack());
            }
        }
        for (Id p : packs) {
            out.add(new Handle(FileType.PACK, p.hex()));
        }
        return out;
    }
}

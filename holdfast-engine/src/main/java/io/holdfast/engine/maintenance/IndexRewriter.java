package io.holdfast.engine.maintenance;

import io.holdfast.format.Id;
import io.holdfast.format.index.IndexFile;
import io.holdfast.format.pack.PackedBlob;
import io.holdfast.repository.IndexFiles;
import io.holdfast.repository.Repository;
import io.holdfast.storage.FileType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Replaces the index files: first new files describing every remaining pack, each marked as superseding all the old
 * files, then the old files are deleted. A crash in between leaves old and new files side by side, both describing
 * packs that exist, which readers merge.
 */
final class IndexRewriter {
    private IndexRewriter() {}

    /** The outcome: index files written and removed. */
    record Result(List<Id> written, int removed) {}

    /**
     * The packs of {@code old} without {@code drop}, plus the packs of the index files a {@code BlobSaver} wrote
     * since ({@code saverFiles}).
     */
    static Map<Id, List<PackedBlob>> remaining(
            Repository repo, IndexFiles.Loaded old, Set<Id> drop, List<Id> saverFiles) throws IOException {
        Map<Id, List<PackedBlob>> packs = new TreeMap<>(old.packs());
        packs.keySet().removeAll(drop);
        for (Id f : saverFiles) {
            for (IndexFile.Pack p : IndexFiles.read(repo, f).packs()) {
                packs.putIfAbsent(p.id(), p.blobs());
            }
        }
        return packs;
    }

    /** Writes index files for {@code packs} superseding {@code obsolete}, then deletes {@code obsolete}. */
    static Result replace(
            Repository repo, Map<Id, List<PackedBlob>> packs, Collection<Id> obsolete, MaintenanceProgress progress)
            throws IOException {
        Set<Id> old = new LinkedHashSet<>(obsolete);
        progress.phase("writing the new index (" + packs.size() + " packs)");
        List<Id> written = IndexFiles.write(repo, packs, old);
        old.removeAll(written);
        progress.phase("deleting " + old.size() + " old index files");
        int removed = IndexFiles.remove(repo, FileType.INDEX, new ArrayList<>(old));
        return new Result(written, removed);
    }
}

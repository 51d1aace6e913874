package io.holdfast.engine.maintenance;

import io.holdfast.format.Id;
import io.holdfast.format.pack.PackedBlob;
import io.holdfast.repository.BlobSaver;
import io.holdfast.repository.IndexFiles;
import io.holdfast.repository.PackFiles;
import io.holdfast.repository.Repository;
import io.holdfast.storage.FileType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Salvages damaged packs, as restic's {@code repair packs}: optionally saves a copy of each pack file, copies every
 * blob that still verifies into new packs (a blob damaged here is taken from another pack holding it, if any),
 * rewrites the index without the damaged packs, and only then deletes them. Blobs with no intact copy are lost;
 * {@code repair snapshots --forget} then removes them from the snapshots.
 */
public final class PackSalvager {
    private final Repository repo;
    private final MaintenanceProgress progress;

    public PackSalvager(Repository repo, MaintenanceProgress progress) {
        this.repo = repo;
        this.progress = progress;
    }

    /**
     * Salvages {@code packs}. The caller holds an exclusive lock.
     *
     * @param copyDir where to save a copy of each pack file before anything changes ({@code pack-<id>}), or null
     */
    public RepairPacksResult salvage(List<Id> packs, @Nullable Path copyDir) throws IOException {
        progress.phase("loading the index");
        IndexFiles.Loaded index = IndexFiles.load(repo, true);
        index.addTo(repo.index());
        Map<Id, Long> stored = PackFiles.list(repo);
        List<Path> copies = new ArrayList<>();
        if (copyDir != null) {
            for (Id id : packs) {
                if (stored.containsKey(id)) {
                    Path copy = copyDir.resolve("pack-" + id.hex());
                    Files.write(copy, repo.backend().load(PackFiles.handle(id)), StandardOpenOption.CREATE_NEW);
                    copies.add(copy);
                    progress.message("saved a copy of pack " + id.hex() + " as " + copy);
                }
            }
        }
        List<String> problems = new ArrayList<>();
        Map<Id, List<PackedBlob>> damaged = new TreeMap<>();
        for (Id id : packs) {
            List<PackedBlob> entries = index.packs().get(id);
            Long size = stored.get(id);
            if (entries == null && size != null) {
                try {
                    entries = PackFiles.readHeader(repo, id, size);
                } catch (IOException e) {
                    problems.add(
                            "pack " + id.hex() + ": in no index and its header cannot be read: nothing to salvage");
                }
            } else if (entries == null) {
                throw new IOException("pack " + id.hex() + " is neither stored nor indexed: nothing to repair");
            }
            damaged.put(id, entries == null ? List.of() : entries);
        }
        Set<BlobRef> wanted = new LinkedHashSet<>();
        damaged.values().forEach(bs -> bs.forEach(b -> wanted.add(BlobRef.of(b))));

        progress.phase("salvaging " + wanted.size() + " blobs from " + damaged.size() + " packs");
        BlobSaver saver = repo.blobSaver();
        int before = saver.writtenIndexes().size();
        Repacker repacker = new Repacker(repo, progress);
        Repacker.Outcome first = repacker.copy(damaged, stored, wanted);
        problems.addAll(first.problems());
        long salvaged = first.copied();
        Set<BlobRef> lost = new HashSet<>(first.left());
        if (!lost.isEmpty()) {
            Map<Id, List<PackedBlob>> others = new TreeMap<>();
            for (Map.Entry<Id, List<PackedBlob>> e : index.packs().entrySet()) {
                if (!damaged.containsKey(e.getKey()) && stored.containsKey(e.getKey())) {
                    List<PackedBlob> hits = e.getValue().stream()
                            .filter(b -> first.left().contains(BlobRef.of(b)))
                            .toList();
                    if (!hits.isEmpty()) {
                        others.put(e.getKey(), hits);
                    }
                }
            }
            Repacker.Outcome second = repacker.copy(others, stored, first.left());
            salvaged += second.copied();
            lost = new HashSet<>(second.left());
        }
        saver.flush();
        List<Id> all = saver.writtenIndexes();
        List<Id> saverFiles = List.copyOf(all.subList(before, all.size()));

        Map<Id, List<PackedBlob>> remaining = IndexRewriter.remaining(repo, index, damaged.keySet(), saverFiles);
        Set<Id> obsolete = new LinkedHashSet<>(index.allFiles());
        obsolete.addAll(saverFiles);
        IndexRewriter.replace(repo, remaining, obsolete, progress);

        progress.phase("deleting " + damaged.size() + " damaged packs");
        List<Id> removed = new ArrayList<>(damaged.keySet());
        IndexFiles.remove(repo, FileType.PACK, removed);
        List<BlobRef> lostSorted = new ArrayList<>(lost);
        lostSorted.sort((a, b) -> a.id().compareTo(b.id()));
        return new RepairPacksResult(removed, salvaged, lostSorted, copies, problems);
    }
}

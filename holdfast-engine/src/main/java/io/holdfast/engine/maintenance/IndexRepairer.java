package io.holdfast.engine.maintenance;

import io.holdfast.format.Id;
import io.holdfast.format.pack.PackedBlob;
import io.holdfast.repository.BlobLocation;
import io.holdfast.repository.Executors2;
import io.holdfast.repository.IndexFiles;
import io.holdfast.repository.PackFiles;
import io.holdfast.repository.Repository;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rebuilds the index from the pack files, as restic's {@code repair index}: entries of packs whose stored size
 * matches them are kept; every other pack (not indexed, or of another size) has its header read; packs missing from
 * storage are dropped; unreadable index files are replaced. With {@code readAllPacks} the old index is ignored and
 * every pack is read whole: its hash, its header and every blob are verified, and damage is reported (the blobs are
 * still indexed as the header lists them, so that {@code repair packs} can salvage the rest). A pack whose header
 * cannot be read keeps its old entries if it had any, else it is left unindexed for {@code prune} to delete. New index
 * files supersede all old ones, which are then deleted.
 */
public final class IndexRepairer {
    private final Repository repo;
    private final MaintenanceProgress progress;

    public IndexRepairer(Repository repo, MaintenanceProgress progress) {
        this.repo = repo;
        this.progress = progress;
    }

    /** Rebuilds the index. The caller holds an exclusive lock. */
    public RepairIndexResult repair(boolean readAllPacks) throws IOException {
        progress.phase("loading the index");
        IndexFiles.Loaded old = IndexFiles.load(repo, true);
        old.unreadable()
                .forEach((id, why) -> progress.message("removing unreadable index file " + id.hex() + ": " + why));
        Map<Id, Long> stored = PackFiles.list(repo);
        Map<Id, List<PackedBlob>> packs = new TreeMap<>();
        Map<Id, Long> toRead = new TreeMap<>();
        for (Map.Entry<Id, Long> e : stored.entrySet()) {
            List<PackedBlob> entries = old.packs().get(e.getKey());
            if (readAllPacks) {
                toRead.put(e.getKey(), e.getValue());
            } else if (entries == null) {
                progress.message("adding pack " + e.getKey().hex() + " to the index");
                toRead.put(e.getKey(), e.getValue());
            } else if (PackFiles.expectedSize(entries) != e.getValue()) {
                progress.message("reindexing pack " + e.getKey().hex() + ": size " + e.getValue() + " instead of "
                        + PackFiles.expectedSize(entries));
                toRead.put(e.getKey(), e.getValue());
            } else {
                packs.put(e.getKey(), entries);
            }
        }
        int forgotten = 0;
        for (Id id : old.packs().keySet()) {
            if (!stored.containsKey(id)) {
                progress.message("removing pack " + id.hex() + " from the index: it is missing from storage");
                forgotten++;
            }
        }

        if (!toRead.isEmpty()) {
            progress.phase("reading " + toRead.size() + " packs");
        }
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        AtomicLong damagedBlobs = new AtomicLong();
        Map<Id, Future<List<PackedBlob>>> futures = new TreeMap<>();
        for (Map.Entry<Id, Long> e : toRead.entrySet()) {
            progress.total(e.getValue());
            futures.put(e.getKey(), repo.workers().submit(() -> {
                List<PackedBlob> header = readAllPacks
                        ? readWhole(e.getKey(), problems, damagedBlobs)
                        : PackFiles.readHeader(repo, e.getKey(), e.getValue());
                progress.done(e.getValue());
                return header;
            }));
        }
        int unreadable = 0;
        for (Map.Entry<Id, Future<List<PackedBlob>>> e : futures.entrySet()) {
            Id id = e.getKey();
            try {
                packs.put(id, Executors2.await(e.getValue()));
            } catch (IOException ex) {
                unreadable++;
                List<PackedBlob> previous = old.packs().get(id);
                String why = "pack " + id.hex() + ": header cannot be read (" + ex.getMessage() + ")";
                if (previous != null) {
                    packs.put(id, previous);
                    problems.add(why + "; kept its old index entries: salvage it with 'holdfast repair packs "
                            + id.hex() + "'");
                } else {
                    problems.add(why + "; left out of the index ('holdfast prune' deletes it)");
                }
            }
        }

        List<Id> obsolete = old.allFiles();
        IndexRewriter.Result r = IndexRewriter.replace(repo, packs, obsolete, progress);
        return new RepairIndexResult(
                packs.size(),
                toRead.size(),
                forgotten,
                unreadable,
                damagedBlobs.get(),
                r.written().size(),
                r.removed(),
                List.copyOf(problems));
    }

    /** Reads a whole pack, checks its hash, parses its header and verifies every blob. */
    private List<PackedBlob> readWhole(Id pack, List<String> problems, AtomicLong damagedBlobs) throws IOException {
        byte[] data = repo.backend().load(PackFiles.handle(pack));
        if (!Id.hash(data).equals(pack)) {
            problems.add("pack " + pack.hex() + ": content does not match its name (hash mismatch)");
        }
        List<PackedBlob> header = PackFiles.header(repo.crypto(), pack, data);
        int damaged = 0;
        for (PackedBlob b : header) {
            try {
                repo.loader()
                        .decode(
                                new BlobLocation(
                                        pack, b.type(), b.id(), b.offset(), b.length(), b.uncompressedLength()),
                                data,
                                (int) b.offset());
            } catch (IOException e) {
                damaged++;
            }
        }
        if (damaged > 0) {
            damagedBlobs.addAndGet(damaged);
            problems.add("pack " + pack.hex() + ": " + damaged + " of " + header.size() + " blobs are damaged; "
                    + "salvage the others with 'holdfast repair packs " + pack.hex() + "'");
        }
        return header;
    }
}

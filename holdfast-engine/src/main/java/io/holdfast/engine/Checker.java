package io.holdfast.engine;

import io.holdfast.format.BlobType;
import io.holdfast.format.CorruptDataException;
import io.holdfast.format.Id;
import io.holdfast.format.LockFile;
import io.holdfast.format.index.IndexFile;
import io.holdfast.format.pack.PackedBlob;
import io.holdfast.format.snapshot.Snapshot;
import io.holdfast.repository.Repository;
import io.holdfast.repository.RepositoryLock;
import io.holdfast.storage.FileType;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a repository: the structure (every index file readable, every indexed pack present with the right size,
 * every snapshot's trees reachable, readable and every blob they reference indexed) and, on request, the data (every
 * pack's hash, header and blobs decrypted and hashed). Each problem names the pack, blob or file, and damaged data
 * is traced to the snapshots and paths it affects.
 */
public final class Checker {
    private final Repository repo;
    private final BackupProgress progress;

    public Checker(Repository repo, BackupProgress progress) {
        this.repo = repo;
        this.progress = progress;
    }

    /**
     * Checks the repository. Files are listed in the reverse of the write order (snapshots, then index files, then
     * packs), so a backup running at the same time cannot make a consistent repository look broken: whatever a listed
     * snapshot needs was written before it, and so is listed after it. Files written meanwhile are at worst
     * unreferenced packs, which are warnings.
     */
    public CheckResult check(CheckOptions opts) throws IOException {
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        List<String> warnings = new ArrayList<>();
        Set<Id> badBlobs = ConcurrentHashMap.newKeySet();

        List<Id> snapshotIds = repo.list(FileType.SNAPSHOT);
        List<Id> indexIds = repo.list(FileType.INDEX);
        Map<Id, Long> stored = new HashMap<>();
        repo.backend().list(FileType.PACK, fi -> {
            try {
                stored.put(Id.parse(fi.handle().name()), fi.size());
            } catch (IllegalArgumentException e) {
                warnings.add(fi.handle().path() + ": not a pack file name");
            }
        });
        warnings.addAll(staleLocks());

        Map<Id, List<PackedBlob>> indexed = new LinkedHashMap<>();
        Map<Id, List<Id>> indexesOfPack = new HashMap<>();
        for (Id idx : indexIds) {
            try {
                IndexFile f = IndexFile.parse(repo.loadJson(FileType.INDEX, idx), "index/" + idx.hex());
                for (IndexFile.Pack p : f.packs()) {
                    indexed.putIfAbsent(p.id(), p.blobs());
                    indexesOfPack
                            .computeIfAbsent(p.id(), k -> new ArrayList<>())
                            .add(idx);
                    repo.index().addPack(p.id(), p.blobs());
                }
            } catch (IOException e) {
                errors.add("index/" + idx.hex() + ": cannot be read: " + e.getMessage());
            }
        }
        CheckHints hints = new CheckHints();
        hints.index(indexed, indexesOfPack);

        for (Map.Entry<Id, List<PackedBlob>> e : indexed.entrySet()) {
            Id pack = e.getKey();
            Long size = stored.get(pack);
            if (size == null) {
                errors.add("pack " + pack.hex() + ": missing from storage but named in the index ("
                        + e.getValue().size() + " blobs lost)");
                e.getValue().forEach(b -> badBlobs.add(b.id()));
                continue;
            }
            long expected = PackLayout.expectedSize(e.getValue());
            if (expected != size) {
                errors.add("pack " + pack.hex() + ": size " + size + " but the index implies " + expected
                        + " (truncated or damaged)");
                e.getValue().forEach(b -> badBlobs.add(b.id()));
            }
        }
        int unreferenced = 0;
        for (Id pack : stored.keySet()) {
            if (!indexed.containsKey(pack)) {
                warnings.add("pack " + pack.hex() + ": not referenced in any index");
                unreferenced++;
            }
        }

        List<Snapshots.Ref> snaps = new ArrayList<>();
        for (Id id : snapshotIds) {
            try {
                snaps.add(new Snapshots.Ref(
                        id, Snapshot.parse(repo.loadJson(FileType.SNAPSHOT, id), "snapshots/" + id.hex())));
            } catch (java.nio.file.NoSuchFileException e) {
                // removed since the listing (forget or tag in another process): nothing of it is left to check
            } catch (IOException e) {
                errors.add("snapshots/" + id.hex() + ": cannot be read: " + e.getMessage());
            }
        }
        TreeChecker trees = new TreeChecker(repo, errors);
        try {
            for (Snapshots.Ref s : snaps) {
                trees.walk(s);
            }
        } finally {
            trees.endWalks();
        }

        long[] counts = {0, 0};
        if (opts.readData()) {
            PackVerifier verifier = new PackVerifier(repo, errors, badBlobs, progress);
            // as restic: only the packs the index names (an unreferenced pack holds nothing a snapshot needs), and
            // of those only the ones of the right size (missing or truncated ones are reported above)
            Map<Id, Long> indexedStored = new LinkedHashMap<>();
            for (Map.Entry<Id, List<PackedBlob>> e : indexed.entrySet()) {
                Long size = stored.get(e.getKey());
                if (size != null && size == PackLayout.expectedSize(e.getValue())) {
                    indexedStored.put(e.getKey(), size);
                }
            }
            counts = verifier.verify(indexedStored, indexed, opts);
            if (trees.sawModels()) { // else no file to validate again: spare the second walk
                new ModelRechecker(repo, errors).recheck(snaps, badBlobs);
            }
            if (opts.subsetDenominator() == 0 && opts.subsetPercent() == 0) {
                CodecVerifier.verify(repo, trees.codecPieces(), badBlobs, errors);
            }
        }
        if (!badBlobs.isEmpty() || trees.foundBroken()) {
            for (Snapshots.Ref s : snaps) {
                trees.affected(s, badBlobs);
            }
        }
        hints.unreferencedPacks(unreferenced, errors);
        return new CheckResult(
                List.copyOf(errors),
                List.copyOf(warnings),
                hints.lines(),
                hints.repairIndex(),
                hints.prune(),
                counts[0],
                counts[1],
                snaps.size());
    }

    /** Stale locks (of processes gone, or not refreshed for 30 minutes): they block nothing, so only warnings. */
    private List<String> staleLocks() {
        List<String> out = new ArrayList<>();
        try {
            for (RepositoryLock.Held h : RepositoryLock.list(repo)) {
                LockFile l = h.lock();
                if (RepositoryLock.isStale(l, Clock.systemDefaultZone())) {
                    out.add("lock " + h.id().shortHex() + ": stale (PID " + l.pid() + " on " + l.hostname() + " since "
                            + l.time() + "); it blocks nothing, 'holdfast unlock' removes it");
                }
            }
        } catch (IOException e) {
            out.add("locks cannot be listed: " + e.getMessage());
        }
        return out;
    }

    /** The sizes a pack's index entries imply. */
    static final class PackLayout {
        private PackLayout() {}

        static long expectedSize(List<PackedBlob> blobs) {
            long end = 0;
            long header = 0;
            for (PackedBlob b : blobs) {
                end = Math.max(end, b.offset() + b.length());
                header += b.compressed() ? 41 : 37;
            }
            return end + header + io.holdfast.format.crypto.Crypto.OVERHEAD + 4;
        }
    }

    static String blobName(BlobType t, Id id) {
        return t.jsonName() + " blob " + id.hex();
    }

    static CorruptDataException corrupt(String what, String msg) {
        return new CorruptDataException(what, msg);
    }
}

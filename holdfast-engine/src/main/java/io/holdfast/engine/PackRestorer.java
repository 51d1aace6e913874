package io.holdfast.engine;

import io.holdfast.engine.fs.FsPath;
import io.holdfast.engine.fs.LocalFs;
import io.holdfast.format.BlobType;
import io.holdfast.format.CorruptDataException;
import io.holdfast.format.Id;
import io.holdfast.format.tree.Node;
import io.holdfast.repository.ArrayPool;
import io.holdfast.repository.BlobLocation;
import io.holdfast.repository.BlobScratch;
import io.holdfast.repository.Executors2;
import io.holdfast.repository.Repository;
import io.holdfast.storage.ChannelIo;
import io.holdfast.storage.FileType;
import io.holdfast.storage.Handle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Restores file contents pack by pack, as restic's restorer does: every pack is read once (only the byte ranges that
 * hold needed blobs, neighbouring ranges merged), every blob is decoded once and written to every file and offset
 * where it occurs, and each file is opened once per pack it needs. Packs are taken in the order the files first
 * need them, so files complete early and in tree order. A file is handed to {@link Completion} when its last blob
 * is written and its channel closed; a file that lost a blob to an error is reported once and never completed.
 *
 * <p>Memory: one entry per blob occurrence to restore, plus per running task one merged pack range: up to
 * {@link #MAX_RANGE} on remote storage (a request costs a round trip), up to {@link #MAX_LOCAL_RANGE} on local
 * storage, where a read costs an open, a stat and a close: reading each blob on its own was four system calls per
 * blob (1.2 million for a tree of 208,830 small files), whole packs kept four tasks holding 17–25 MiB each.
 */
final class PackRestorer {
    /** Ranges of one pack closer than this are read as one. */
    static final int MERGE_GAP = 256 << 10;
    /** A merged range is not grown beyond this. */
    static final int MAX_RANGE = 32 << 20;
    /** A merged range of a pack on local storage is not grown beyond this. */
    static final int MAX_LOCAL_RANGE = 1 << 20;

    /** {@link #MAX_RANGE}, or {@link #MAX_LOCAL_RANGE} on local storage. */
    private final int maxRange;

    /** Called once per file whose content is completely written. */
    @FunctionalInterface
    interface Completion {
        void completed(RestoreJob job);
    }

    /** A file being restored. */
    private static final class Target {
        final RestoreJob job;
        final FsPath path;
        final AtomicInteger remaining;
        volatile boolean failed;
        /** Whether the file exists yet: the first pack task to write it creates it; guarded by {@code this}. */
        boolean created;

        Target(RestoreJob job, int blobs) {
            this.job = job;
            this.path = job.writePath();
            this.remaining = new AtomicInteger(blobs);
        }
    }

    /** Where one blob goes: a file and an offset in it. */
    private record Place(Target target, long offset) {}

    /** A blob needed from a pack, and every place it goes. */
    private record Need(BlobLocation loc, List<Place> places) {}

    private final LocalFs fs;
    private final Repository repo;
    /**
     * Pack ranges are read into recycled arrays (one per pack task running), as blobs are decoded into recycled
     * buffers: allocating both afresh for every range made G1 grow the heap to 1.3 GB on a 5 GiB restore.
     */
    private final ArrayPool rangeBuffers = new ArrayPool();

    /** Decoding buffers, one per pack task running; kept for the next (see {@link BlobScratch}). */
    private final java.util.concurrent.ConcurrentLinkedQueue<BlobScratch> scratches =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    private final BackupProgress progress;
    private final List<String> errors;
    private final boolean sparse;
    private final Map<Id, Map<Id, Need>> packs = new LinkedHashMap<>();
    private final List<Target> empty = new ArrayList<>();

    /** How many of each file's first bytes to keep for {@link RestoreJob#head()}; 0 for none. */
    private final int headLength;

    PackRestorer(
            LocalFs fs, Repository repo, BackupProgress progress, List<String> errors, boolean sparse, int headLength) {
        this.headLength = headLength;
        this.fs = fs;
        this.repo = repo;
        this.progress = progress;
        this.errors = errors;
        this.sparse = sparse;
        this.maxRange = repo.backend().properties().local() ? MAX_LOCAL_RANGE : MAX_RANGE;
    }

    /**
     * Plans the file's content, written to {@link RestoreJob#writePath()} where nothing exists yet; fails (restoring
     * nothing of it) if a blob is not in the index.
     */
    void add(RestoreJob job) throws CorruptDataException {
        Node node = job.node();
        List<Id> content = node.content() == null ? List.of() : node.content();
        List<BlobLocation> locs = new ArrayList<>(content.size());
        for (Id id : content) {
            BlobLocation loc = repo.index().lookup(BlobType.DATA, id);
            if (loc == null) {
                throw new CorruptDataException(
                        "data blob " + id.hex(), "not in the index; the file cannot be restored");
            }
            locs.add(loc);
        }
        Target t = new Target(job, locs.size());
        if (locs.isEmpty()) {
            empty.add(t);
            return;
        }
        long offset = 0;
        for (BlobLocation loc : locs) {
            packs.computeIfAbsent(loc.pack(), p -> new LinkedHashMap<>())
                    .computeIfAbsent(loc.id(), id -> new Need(loc, new ArrayList<>(1)))
                    .places()
                    .add(new Place(t, offset));
            offset += loc.plaintextLength();
        }
    }

    /**
     * Restores every planned file with {@code threads} packs in flight; returns when all are done, with nothing planned
     * (the restorer plans and runs a batch of files at a time).
     */
    void run(int threads, Completion completion) throws IOException {
        for (Target t : empty) {
            try (FileChannel ch = open(t)) {
                // created empty
            } catch (IOException e) {
                errors.add(BackupProgress.describe(t.job.path().toString(), e));
                continue;
            }
            if (headLength > 0) {
                t.job.head(new byte[0]);
            }
            completion.completed(t.job);
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(
                threads, Thread.ofPlatform().name("holdfast-restore-", 0).factory())) {
            List<Future<?>> futures = new ArrayList<>(packs.size());
            for (Map.Entry<Id, Map<Id, Need>> e : packs.entrySet()) {
                futures.add(pool.submit(() -> {
                    restorePack(e.getKey(), new ArrayList<>(e.getValue().values()), completion);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                Executors2.await(f);
            }
        } finally {
            packs.clear(); // planned files are done with: the next batch starts empty
            empty.clear();
        }
    }

    private void restorePack(Id pack, List<Need> needs, Completion completion) {
        needs.sort(Comparator.comparingLong(n -> n.loc().offset()));
        OpenFiles open = new OpenFiles(needs);
        try {
            int i = 0;
            while (i < needs.size()) {
                int j = rangeEnd(needs, i);
                restoreRange(pack, needs.subList(i, j), open);
                i = j;
            }
        } finally {
            open.closeAll();
        }
        for (Need need : needs) {
            for (Place place : need.places()) {
                Target t = place.target();
                if (t.remaining.decrementAndGet() == 0 && !t.failed) {
                    completion.completed(t.job);
                }
            }
        }
    }

    /** The end (exclusive) of the merged range that starts with {@code needs[from]}. */
    private int rangeEnd(List<Need> needs, int from) {
        long start = needs.get(from).loc().offset();
        long end = start + needs.get(from).loc().length();
        int j = from + 1;
        while (j < needs.size()) {
            BlobLocation next = needs.get(j).loc();
            long nextEnd = next.offset() + next.length();
            if (next.offset() - end > MERGE_GAP || nextEnd - start > maxRange) {
                break;
            }
            end = Math.max(end, nextEnd);
            j++;
        }
        return j;
    }

    private void restoreRange(Id pack, List<Need> range, OpenFiles open) {
        long start = range.getFirst().loc().offset();
        long end = start;
        for (Need n : range) {
            end = Math.max(end, n.loc().offset() + n.loc().length());
        }
        int length = (int) (end - start);
        byte[] bytes = rangeBuffers.take(length);
        try {
            repo.backend().loadInto(new Handle(FileType.PACK, pack.hex()), start, length, bytes);
        } catch (IOException | UncheckedIOException e) {
            rangeBuffers.give(bytes);
            if (range.size() > 1) {
                // a damaged (e.g. truncated) pack: read its blobs one by one, so that those in the intact part still
                // reach their files and only the files of unreadable blobs fail
                for (Need n : range) {
                    restoreRange(pack, List.of(n), open);
                }
                return;
            }
            for (Need n : range) {
                failAll(n, "cannot read pack " + pack.hex() + ": " + e.getMessage(), open);
            }
            return;
        }
        BlobScratch scratch = scratches.poll();
        if (scratch == null) {
            scratch = new BlobScratch();
        }
        try {
            for (Need n : range) {
                try {
                    repo.loader().decodeInto(n.loc(), bytes, (int) (n.loc().offset() - start), scratch);
                } catch (CorruptDataException e) {
                    failAll(n, e.getMessage(), open);
                    continue;
                }
                for (Place place : n.places()) {
                    write(place, scratch.plain(), scratch.length(), open);
                }
            }
        } finally {
            scratches.offer(scratch);
            rangeBuffers.give(bytes);
        }
    }

    private void write(Place place, byte[] plain, int length, OpenFiles open) {
        Target t = place.target();
        if (t.failed) {
            open.written(t);
            return;
        }
        try {
            FileChannel ch = open.channel(t);
            if (sparse) {
                Sparse.write(ch, plain, length, place.offset());
            } else {
                ChannelIo.write(ch, plain, 0, length, place.offset());
            }
            progress.bytesDone(length);
            if (place.offset() == 0 && headLength > 0) {
                t.job.head(java.util.Arrays.copyOf(plain, Math.min(length, headLength)));
            }
        } catch (IOException e) {
            fail(t, e.getMessage());
        }
        open.written(t);
    }

    /**
     * The files one pack task has open: a file is closed after its last place in this pack, and at most
     * {@link #MAX_OPEN} are open at once (the longest-open is closed first; it is reopened if needed again).
     */
    private final class OpenFiles {
        static final int MAX_OPEN = 64;
        private final Map<Target, Integer> placesLeft = new IdentityHashMap<>();
        private final Map<Target, FileChannel> channels = new LinkedHashMap<>();

        OpenFiles(List<Need> needs) {
            for (Need n : needs) {
                for (Place p : n.places()) {
                    placesLeft.merge(p.target(), 1, Integer::sum);
                }
            }
        }

        FileChannel channel(Target t) throws IOException {
            FileChannel ch = channels.get(t);
            if (ch == null) {
                if (channels.size() >= MAX_OPEN) {
                    Map.Entry<Target, FileChannel> eldest =
                            channels.entrySet().iterator().next();
                    close(eldest.getKey());
                }
                ch = open(t);
                channels.put(t, ch);
            }
            return ch;
        }

        /** One place of {@code t} is done; closes the file after its last place in this pack. */
        void written(Target t) {
            if (placesLeft.merge(t, -1, Integer::sum) == 0) {
                placesLeft.remove(t);
                close(t);
            }
        }

        void close(Target t) {
            FileChannel ch = channels.remove(t);
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException e) {
                    fail(t, e.getMessage());
                }
            }
        }

        void closeAll() {
            for (Target t : List.copyOf(channels.keySet())) {
                close(t);
            }
        }
    }

    /**
     * Opens a target for writing: the first time it is created (nothing exists at its write path: the restorer made
     * sure), with its final length when sparse so that skipped zeros are holes; later times it is opened again.
     */
    private FileChannel open(Target t) throws IOException {
        synchronized (t) {
            if (t.created) {
                return fs.openWrite(t.path);
            }
            FileChannel ch = fs.create(t.path);
            t.created = true;
            if (sparse && t.job.node().size() > 0) {
                try {
                    fs.setLength(ch, t.job.node().size());
                } catch (IOException e) {
                    ch.close();
                    throw e;
                }
            }
            return ch;
        }
    }

    private void failAll(Need n, @Nullable String message, OpenFiles open) {
        for (Place p : n.places()) {
            fail(p.target(), message);
            open.written(p.target());
        }
    }

    private void fail(Target t, @Nullable String message) {
        synchronized (t) {
            if (t.failed) {
                return;
            }
            t.failed = true;
        }
        errors.add(t.job.path() + ": " + message);
    }
}

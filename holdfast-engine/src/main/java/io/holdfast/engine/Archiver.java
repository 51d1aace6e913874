package io.holdfast.engine;

import io.holdfast.engine.fs.FsPath;
import io.holdfast.engine.fs.LocalFs;
import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.format.chunker.ChunkerSpec;
import io.holdfast.format.snapshot.Snapshot;
import io.holdfast.format.tree.Tree;
import io.holdfast.repository.BlobSaver;
import io.holdfast.repository.Repository;
import io.holdfast.storage.FileType;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.jspecify.annotations.Nullable;

/**
 * Backs up files into a new snapshot. Walking is sequential and depth-first; files are read on virtual threads (a
 * few at a time), chunks are hashed, compressed, encrypted and packed on the repository's CPU pool; trees are saved
 * when all their children are done. Unchanged files (same size, mtime, ctime and inode as in the parent snapshot,
 * with all content indexed) are not read again. Write order: packs, then index files, then the snapshot.
 */
public final class Archiver {
    private final LocalFs fs;
    private final Repository repo;
    private final Clock clock;
    private final BackupProgress progress;

    public Archiver(Repository repo, Clock clock, BackupProgress progress) {
        this(LocalFs.get(), repo, clock, progress);
    }

    /** An archiver reading {@code fs} (tests pass a file system of their own). */
    public Archiver(LocalFs fs, Repository repo, Clock clock, BackupProgress progress) {
        this.fs = fs;
        this.repo = repo;
        this.clock = clock;
        this.progress = progress;
    }

    /** Runs a backup and writes its snapshot. */
    public BackupResult backup(BackupOptions opts) throws IOException {
        return backup(opts, null);
    }

    /**
     * Runs a backup and writes its snapshot; with stdin input ({@link BackupOptions#fromStdin()}) and a non-null
     * {@code input}, the single file's content is read from {@code input} instead of standard input (the prompt-log
     * source hands its envelope in this way).
     */
    public BackupResult backup(BackupOptions opts, @Nullable InputStream input) throws IOException {
        return backup(opts, input, null);
    }

    /**
     * As {@link #backup(BackupOptions, InputStream)}, cutting the stdin file with {@code stdinChunker} instead of the
     * repository's chunker when it is not null. Any chunk sizes give a valid restic repository; the prompt-log source
     * uses smaller chunks so that each day's backup of a growing log stores less of the old end again.
     */
    public BackupResult backup(BackupOptions opts, @Nullable InputStream input, @Nullable ChunkerSpec stdinChunker)
            throws IOException {
        BackupHooks hooks = opts.hooks();
        List<BackupHooks.Result> results = new ArrayList<>();
        String pre = hooks.pre();
        if (pre != null) {
            BackupHooks.Result r = hooks.run("pre", pre, Map.of());
            results.add(r);
            if (!r.ok()) {
                post(hooks, "failure", results);
                throw new BackupHookException(
                        "the --pre command failed (exit code " + r.exitCode() + lastLine(r.output())
                                + "); nothing was backed up"
                                + (hooks.post() == null ? "" : ", the --post command ran"),
                        results);
            }
        }
        boolean[] postRan = {false};
        try {
            return backupData(opts, input, stdinChunker, () -> {
                postRan[0] = true;
                post(hooks, "success", results);
                return List.copyOf(results);
            });
        } finally {
            if (!postRan[0]) {
                post(hooks, "failure", results); // after a failure too, so what pre froze is thawed
            }
        }
    }

    private static void post(BackupHooks hooks, String status, List<BackupHooks.Result> results) {
        String post = hooks.post();
        if (post != null) {
            results.add(hooks.run("post", post, Map.of("HOLDFAST_BACKUP_STATUS", status)));
        }
    }

    private static String lastLine(String output) {
        String[] lines = output.strip().split("\n");
        String last = lines[lines.length - 1].strip();
        return last.isEmpty() ? "" : ": " + (last.length() > 200 ? last.substring(0, 200) + "..." : last);
    }

    private BackupResult backupData(
            BackupOptions opts,
            @Nullable InputStream input,
            @Nullable ChunkerSpec stdinChunker,
            java.util.function.Supplier<List<BackupHooks.Result>> beforeSnapshot)
            throws IOException {
        Instant start = clock.instant();
        String host = opts.host() != null ? opts.host() : io.holdfast.engine.Hosts.hostname();
        BackupStats stats = new BackupStats();
        List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> invalidModels = java.util.Collections.synchronizedList(new ArrayList<>());
        BackupProgress tracking = new ErrorTracking(progress, stats, errors, invalidModels);
        BlobSaver saver = opts.dryRun() ? repo.dryRunBlobSaver() : repo.blobSaver();
        ChunkerSpec spec = opts.fromStdin() && stdinChunker != null ? stdinChunker : repo.chunkerSpec();
        Semaphore inflight = new Semaphore(2 * repo.options().workers() + 2);
        FileSaver fileSaver = new FileSaver(saver, spec, repo.workers(), inflight, stats, tracking);

        List<String> paths;
        Tree root;
        Snapshots.Ref parent = null;
        Excludes excludes = Excludes.of(opts.excludes(), opts.iexcludes(), opts.excludeFiles());
        if (opts.fromStdin()) {
            String name = java.util.Objects.requireNonNull(opts.stdinFilename());
            paths = List.of("/" + name);
            root = new StdinSource(fileSaver, stats, clock).tree(name, opts.stdinCommand(), input);
        } else {
            if (opts.paths().isEmpty()) {
                throw new IllegalArgumentException("nothing to back up: give at least one path");
            }
            List<FsPath> targets = new ArrayList<>();
            for (String p : opts.paths()) {
                FsPath abs = fs.absolute(FsPath.of(p));
                if (fs.lstatIfExists(abs) == null) {
                    throw new java.nio.file.NoSuchFileException(abs.toString(), null, "backup source does not exist");
                }
                targets.add(abs);
            }
            paths = targets.stream().distinct().sorted().map(FsPath::toString).toList();
            parent = resolveParent(opts, host, paths);
            Tree parentTree = parent == null ? null : loadTree(parent.snapshot().tree());
            try (ExecutorService readers = Executors.newThreadPerTaskExecutor(
                    Thread.ofVirtual().name("holdfast-read-", 0).factory())) {
                ModelBackup models = repo.modelCodec()
                        ? new ModelBackup(
                                new ModelFileSaver(repo, saver, inflight, stats, tracking),
                                opts.modelBase() == null ? null : modelBase(opts.modelBase()))
                        : null;
                TreeBuilder builder = new TreeBuilder(
                        fs,
                        repo,
                        saver,
                        fileSaver,
                        readers,
                        excludes,
                        stats,
                        tracking,
                        opts.readConcurrency(),
                        new ModelInspector(opts.models()),
                        models,
                        new TreeBuilder.Selection(opts.oneFileSystem(), opts.excludeLargerThan()));
                root = builder.buildRoot(targets, parentTree);
            }
        }
        Id treeId = saveTree(saver, root, stats);
        saver.flush();
        if (opts.models().validate() == ModelOptions.Validate.FAIL && !invalidModels.isEmpty()) {
            throw new ModelValidationException(List.copyOf(invalidModels));
        }
        List<BackupHooks.Result> hookResults = beforeSnapshot.get(); // --post, recorded in the summary

        Instant end = clock.instant();
        Snapshot snap = Snapshot.builder()
                // as restic: when the backup started, unless --time says otherwise
                .time(OffsetDateTime.ofInstant(opts.time() != null ? opts.time() : start, clock.getZone()))
                .parent(parent == null ? null : parent.id())
                .tree(treeId)
                .paths(paths)
                .hostname(host)
                .username(System.getProperty("user.name", ""))
                .uid(Hosts.uid())
                .gid(Hosts.gid())
                .excludes(excludes.patterns())
                .tags(opts.tags())
                .programVersion("holdfast " + Hosts.version())
                .summary(SnapshotSummaries.of(stats, start, end, clock.getZone(), hookResults))
                .build();
        // a dry run reports the id the snapshot would have had (as restic's does) and saves nothing
        Id snapId = opts.dryRun() ? Id.hash(snap.toJson()) : repo.saveJson(FileType.SNAPSHOT, snap.toJson());
        return new BackupResult(
                snapId,
                parent == null ? null : parent.id(),
                stats.filesNew.sum(),
                stats.filesChanged.sum(),
                stats.filesUnmodified.sum(),
                stats.dirsNew.sum(),
                stats.dirsChanged.sum(),
                stats.dirsUnmodified.sum(),
                stats.dataBlobs.sum(),
                stats.treeBlobs.sum(),
                stats.dataAdded.sum() + stats.treeAdded.sum(),
                stats.dataAddedPlain.sum() + stats.treeAddedPlain.sum(),
                stats.filesProcessed.sum(),
                stats.bytesProcessed.sum(),
                Duration.between(start, end),
                List.copyOf(errors),
                List.copyOf(invalidModels),
                hookResults);
    }

    private Snapshots.@Nullable Ref resolveParent(BackupOptions opts, String host, List<String> paths)
            throws IOException {
        if (opts.force()) {
            return null;
        }
        if (opts.parent() != null) {
            return Snapshots.find(repo, opts.parent(), null, List.of());
        }
        return Snapshots.parentFor(repo, host, paths).orElse(null);
    }

    /** The node of {@code SNAPSHOT:PATH}, which must be a codec-encoded file. */
    private io.holdfast.format.tree.Node modelBase(String spec) throws IOException {
        int colon = spec.indexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) {
            throw new IllegalArgumentException("--model-base must be SNAPSHOT:PATH, not '" + spec + "'");
        }
        Snapshots.Ref ref = Snapshots.find(repo, spec.substring(0, colon), null, List.of());
        Tree t = Tree.parse(
                ref.snapshot().tree(),
                repo.loadBlob(BlobType.TREE, ref.snapshot().tree()));
        io.holdfast.format.tree.Node node = null;
        for (String part : spec.substring(colon + 1).split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (node != null) {
                Id sub = node.subtree();
                if (sub == null) {
                    throw new IllegalArgumentException("--model-base: " + spec + " is not in the snapshot");
                }
                t = Tree.parse(sub, repo.loadBlob(BlobType.TREE, sub));
            }
            node = Restorer.find(t, part);
            if (node == null) {
                throw new IllegalArgumentException("--model-base: " + spec + " is not in the snapshot");
            }
        }
        if (node == null || io.holdfast.format.model.codec.CodecManifest.of(node) == null) {
            throw new IllegalArgumentException("--model-base: " + spec + " is not a model file stored with the codec");
        }
        return node;
    }

    private @Nullable Tree loadTree(Id id) throws IOException {
        return Tree.parse(id, repo.loadBlob(BlobType.TREE, id));
    }

    static Id saveTree(BlobSaver saver, Tree tree, BackupStats stats) throws IOException {
        byte[] json = tree.toJson();
        BlobSaver.Result r = saver.save(BlobType.TREE, json);
        if (r.stored()) {
            stats.treeBlobs.increment();
            stats.treeAdded.add(r.storedLength());
            stats.treeAddedPlain.add(json.length);
        }
        return r.id();
    }

    /** Counts errors and remembers their messages, then forwards to the caller's progress. */
    private record ErrorTracking(
            BackupProgress delegate, BackupStats stats, List<String> errors, List<String> invalidModels)
            implements BackupProgress {
        @Override
        public void modelInvalid(String path, io.holdfast.format.model.InvalidModelException e) {
            invalidModels.add(String.valueOf(e.getMessage()));
            delegate.modelInvalid(path, e);
        }

        @Override
        public void skipped(String path, String why) {
            delegate.skipped(path, why);
        }

        @Override
        public void scanned(long files, long bytes) {
            delegate.scanned(files, bytes);
        }

        @Override
        public void bytesDone(long bytes) {
            delegate.bytesDone(bytes);
        }

        @Override
        public void fileDone(String path, FileStatus status) {
            delegate.fileDone(path, status);
        }

        @Override
        public void error(String path, Exception e) {
            stats.errors.increment();
            errors.add(BackupProgress.describe(path, e));
            delegate.error(path, e);
        }
    }

    /** Reads a stream for the stdin source. */
    static List<Id> saveStream(FileSaver saver, InputStream in) throws IOException {
        return saver.save(in);
    }
}

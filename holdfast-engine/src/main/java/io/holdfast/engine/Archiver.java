package io.holdfast.engine;

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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    /** Runs a backup of what {@code opts} names (files, or standard input) and writes its snapshot. */
    public BackupResult backup(BackupOptions opts) throws IOException {
        return backup(opts, sourceFor(fs, opts));
    }

    /** The source {@code opts} names: standard input or a command's output, else the file tree of its paths. */
    public static BackupSource sourceFor(LocalFs fs, BackupOptions opts) {
        return opts.fromStdin()
                ? StdinSource.of(java.util.Objects.requireNonNull(opts.stdinFilename()), opts.stdinCommand())
                : new FileTreeSource(fs, opts);
    }

    /**
     * Runs a backup of {@code source} and writes its snapshot: {@code --pre}, the source's tree, packs and index,
     * {@code --post}, then the snapshot. {@code opts} gives the tags, host, parent, hooks and the other
     * source-independent settings.
     */
    public BackupResult backup(BackupOptions opts, BackupSource source) throws IOException {
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
            return backupData(opts, source, () -> {
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
            BackupSource source,
            java.util.function.Supplier<List<BackupHooks.Result>> beforeSnapshot)
            throws IOException {
        Instant start = clock.instant();
        String host = opts.host() != null ? opts.host() : io.holdfast.engine.Hosts.hostname();
        BackupStats stats = new BackupStats();
        List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> invalidModels = java.util.Collections.synchronizedList(new ArrayList<>());
        BackupProgress tracking = new ErrorTracking(progress, stats, errors, invalidModels);
        BlobSaver saver = opts.dryRun() ? repo.dryRunBlobSaver() : repo.blobSaver();
        ChunkerSpec spec = source.chunker() != null ? source.chunker() : repo.chunkerSpec();
        // each worker's chunk and two more waiting: a first backup of the models held 217-221 MB instead of 240-251 MB
        // with twice the workers' chunks, no slower (design.md §22)
        Semaphore inflight = new Semaphore(repo.options().workers() + 2);
        FileSaver fileSaver = new FileSaver(saver, spec, repo.workers(), inflight, stats, tracking);
        SourceContext ctx = new SourceContext(repo, saver, fileSaver, inflight, stats, tracking, clock, opts);

        List<String> paths = source.paths();
        Snapshots.Ref parent = source.incremental() ? resolveParent(opts, host, paths) : null;
        Tree parentTree = parent == null ? null : ctx.loadTree(parent.snapshot().tree());
        Tree root = source.build(ctx, parentTree);
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
                .excludes(source.excludePatterns())
                .tags(withSourceTags(opts.tags(), source.tags()))
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

    private static List<String> withSourceTags(List<String> tags, List<String> more) {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(tags);
        all.addAll(more);
        return List.copyOf(all);
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
}

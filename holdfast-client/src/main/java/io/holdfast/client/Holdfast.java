package io.holdfast.client;

import io.holdfast.engine.Archiver;
import io.holdfast.engine.BackupOptions;
import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.BackupResult;
import io.holdfast.engine.CheckOptions;
import io.holdfast.engine.CheckResult;
import io.holdfast.engine.Checker;
import io.holdfast.engine.Differ;
import io.holdfast.engine.RestoreOptions;
import io.holdfast.engine.RestoreResult;
import io.holdfast.engine.Restorer;
import io.holdfast.engine.Snapshots;
import io.holdfast.engine.TreeWalker;
import io.holdfast.engine.fs.FsPath;
import io.holdfast.engine.maintenance.IndexRepairer;
import io.holdfast.engine.maintenance.MaintenanceProgress;
import io.holdfast.engine.maintenance.PackSalvager;
import io.holdfast.engine.maintenance.PruneOptions;
import io.holdfast.engine.maintenance.PruneResult;
import io.holdfast.engine.maintenance.Pruner;
import io.holdfast.engine.maintenance.RepairIndexResult;
import io.holdfast.engine.maintenance.RepairPacksResult;
import io.holdfast.engine.maintenance.RepairSnapshotsOptions;
import io.holdfast.engine.maintenance.RepairSnapshotsResult;
import io.holdfast.engine.maintenance.SnapshotRepairer;
import io.holdfast.format.Id;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.NodeType;
import io.holdfast.format.tree.Tree;
import io.holdfast.repository.Repository;
import io.holdfast.repository.RepositoryLock;
import io.holdfast.repository.RepositoryOptions;
import io.holdfast.storage.Backend;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An open repository and the operations on it. Each operation takes the lock it needs (shared for backup, restore,
 * check and reads; exclusive for key removal, forget, prune and repair), loads the index when it needs it, and
 * releases the lock when done. A conflicting lock fails the operation at once unless {@link #retryLock} allows
 * waiting for it.
 */
public final class Holdfast implements AutoCloseable {
    private final Repository repo;
    private final Clock clock;
    private final boolean noLock;
    private boolean indexLoaded;
    private Duration retryLock = Duration.ZERO;

    private Holdfast(Repository repo, Clock clock, boolean noLock) {
        this.repo = repo;
        this.clock = clock;
        this.noLock = noLock;
    }

    /** Creates a new repository and returns it open. */
    public static Holdfast init(String location, String password, InitOptions init, RepositoryOptions options)
            throws IOException {
        return init(Backends.open(location), password, init, options);
    }

    /** Creates a new repository, with the storage's credentials and settings from {@code env}, and returns it open. */
    public static Holdfast init(
            String location,
            java.util.Map<String, String> env,
            String password,
            InitOptions init,
            RepositoryOptions options)
            throws IOException {
        return init(Backends.open(location, env), password, init, options);
    }

    /**
     * Creates a new repository on {@code backend}, which may be decorated (retries, injected faults), and returns it
     * open. The returned instance owns the backend: closing it, or a failure here, closes the backend.
     */
    public static Holdfast init(Backend backend, String password, InitOptions init, RepositoryOptions options)
            throws IOException {
        try {
            Repository repo = Repository.init(backend, password, init.version(), options, init.extensions());
            return new Holdfast(repo, Clock.systemDefaultZone(), false);
        } catch (IOException | RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    /** Opens an existing repository. */
    public static Holdfast open(String location, String password, RepositoryOptions options, boolean noLock)
            throws IOException {
        return open(Backends.open(location), password, options, noLock);
    }

    /**
     * Opens an existing repository, with the storage's credentials and settings from {@code env} (the process's
     * environment, say, plus command-line settings such as {@code HOLDFAST_S3_STORAGE_CLASS_DATA}).
     */
    public static Holdfast open(
            String location,
            java.util.Map<String, String> env,
            String password,
            RepositoryOptions options,
            boolean noLock)
            throws IOException {
        return open(Backends.open(location, env), password, options, noLock);
    }

    /**
     * Opens an existing repository on {@code backend}, which may be decorated (retries, injected faults). The
     * returned instance owns the backend: closing it, or a failure here, closes the backend.
     */
    public static Holdfast open(Backend backend, String password, RepositoryOptions options, boolean noLock)
            throws IOException {
        try {
            return new Holdfast(Repository.open(backend, password, options), Clock.systemDefaultZone(), noLock);
        } catch (IOException | RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    /**
     * How long to keep trying when the repository is locked by another process (restic's {@code --retry-lock}); zero,
     * the default, fails at once with {@link io.holdfast.repository.LockFailedException}.
     */
    public Holdfast retryLock(Duration wait) {
        if (wait.isNegative()) {
            throw new IllegalArgumentException("negative lock wait " + wait);
        }
        this.retryLock = wait;
        return this;
    }

    public Repository repository() {
        return repo;
    }

    private @Nullable RepositoryLock lock(boolean exclusive) throws IOException {
        if (noLock) {
            return null;
        }
        try {
            return LockRetry.acquire(repo, exclusive, clock, retryLock);
        } catch (java.nio.file.FileSystemException e) {
            if (!(e instanceof java.nio.file.AccessDeniedException)
                    && !String.valueOf(e.getReason())
                            .toLowerCase(java.util.Locale.ROOT)
                            .contains("read-only")) {
                throw e;
            }
            // restic's advice: a repository this user may only read is used without a lock
            throw new io.holdfast.repository.LockFailedException(
                    "cannot create a lock in the repository ("
                            + io.holdfast.engine.IoReasons.describe(e)
                            + (exclusive
                                    ? "); this command changes the repository and needs write access to it"
                                    : "); if the repository is read-only for you, run the command with --no-lock"),
                    e);
        }
    }

    /**
     * For long read-only use ({@code webdav}): loads the index and takes a shared lock, refreshed until the returned
     * handle is closed, so that prune cannot remove data while it is being read (restic's {@code mount} does the same).
     */
    public AutoCloseable readSession() throws IOException {
        loadIndex();
        RepositoryLock l = lock(false);
        return () -> {
            if (l != null) {
                l.close();
            }
        };
    }

    private void loadIndex() throws IOException {
        if (!indexLoaded) {
            repo.loadIndex();
            indexLoaded = true;
        }
    }

    /** Backs up files, or standard input, into a new snapshot. */
    public BackupResult backup(BackupOptions opts, BackupProgress progress) throws IOException {
        try (RepositoryLock l = lock(false)) {
            loadIndex();
            return new Archiver(repo, clock, progress).backup(opts);
        }
    }

    /** Backs up {@code source} (a database, an object store, ...) into a new snapshot; see {@link BackupSource}. */
    public BackupResult backup(BackupOptions opts, io.holdfast.engine.BackupSource source, BackupProgress progress)
            throws IOException {
        try (RepositoryLock l = lock(false)) {
            loadIndex();
            return new Archiver(repo, clock, progress).backup(opts, source);
        }
    }

    /**
     * Removes one snapshot file that a newer one has replaced (a source that keeps a single rolling snapshot, such as
     * a PostgreSQL WAL archive), under an exclusive lock as restic's {@code forget} does, so that no reader (a restic
     * {@code check}, say) lists it and then misses it. Returns false, leaving it for a later call, when another
     * process holds a lock or the snapshot is under legal hold.
     */
    public boolean removeReplacedSnapshot(Id id) throws IOException {
        RepositoryLock lock;
        try {
            lock = noLock ? null : io.holdfast.client.LockRetry.acquire(repo, true, clock, Duration.ZERO);
        } catch (io.holdfast.repository.LockFailedException e) {
            return false; // a backup, check or browsing session is running: next time
        }
        try (RepositoryLock l = lock) {
            if (io.holdfast.engine.retention.Holds.current(repo).containsKey(id)) {
                return false;
            }
            repo.backend().remove(new io.holdfast.storage.Handle(io.holdfast.storage.FileType.SNAPSHOT, id.hex()));
            return true;
        }
    }

    /**
     * Backs up a JSONL prompt log as an envelope file (docs/design.md §17): {@code opts.stdinFilename()} names the
     * file in the snapshot, which is tagged {@code promptlog}; subject keys and the subject index go to {@code keys}.
     */
    public PromptLogResult backupPromptLog(
            BackupOptions opts,
            io.holdfast.promptlog.PromptLogOptions promptLog,
            io.holdfast.promptlog.LocalKeyStore keys,
            java.io.InputStream log,
            BackupProgress progress)
            throws IOException {
        try (RepositoryLock l = lock(false)) {
            loadIndex();
            return PromptLogs.backup(repo, clock, opts, promptLog, keys, log, null, false, null, progress);
        }
    }

    /**
     * Backs up the JSONL prompt log {@code file} like {@link #backupPromptLog(BackupOptions,
     * io.holdfast.promptlog.PromptLogOptions, io.holdfast.promptlog.LocalKeyStore, java.io.InputStream, BackupProgress)},
     * continuing the envelope from the last backup of the same file when {@code resume} is set and that is safe
     * (docs/design.md §17.3): then only the lines appended since are read and sealed, and the snapshot holds the same
     * file as a whole run would write. {@code prefix}, if not null, is the digest of the log's earlier bytes the caller
     * started ({@link LogPrefixDigest#start}, before the key store was opened, say); it is closed here. With null, the
     * digest is started here, when the checkpoint is read.
     */
    public PromptLogResult backupPromptLog(
            BackupOptions opts,
            io.holdfast.promptlog.PromptLogOptions promptLog,
            io.holdfast.promptlog.LocalKeyStore keys,
            Path file,
            boolean resume,
            @Nullable LogPrefixDigest prefix,
            BackupProgress progress)
            throws IOException {
        try (LogPrefixDigest started = prefix;
                RepositoryLock l = lock(false);
                java.io.InputStream log = java.nio.file.Files.newInputStream(file)) {
            loadIndex();
            return PromptLogs.backup(repo, clock, opts, promptLog, keys, log, file, resume, started, progress);
        }
    }

    /**
     * Restores {@code spec} ({@code latest}, an id or id prefix, optionally followed by {@code :subpath}) into
     * {@code target}.
     */
    public RestoreResult restore(String spec, Path target, RestoreOptions opts, BackupProgress progress)
            throws IOException {
        return restore(spec, FsPath.of(target.toString()), opts, progress, io.holdfast.engine.RestoredFileHook.NONE);
    }

    /** Like {@link #restore(String, Path, RestoreOptions, BackupProgress)}, handing each file to {@code hook}. */
    public RestoreResult restore(
            String spec,
            FsPath target,
            RestoreOptions opts,
            BackupProgress progress,
            io.holdfast.engine.RestoredFileHook hook)
            throws IOException {
        return restore(spec, io.holdfast.engine.SnapshotFilter.ALL, target, opts, progress, hook);
    }

    /**
     * Like {@link #restore(String, FsPath, RestoreOptions, BackupProgress, io.holdfast.engine.RestoredFileHook)}, with
     * {@code latest} standing for the newest snapshot that passes {@code filter} (restic's {@code --host},
     * {@code --tag} and {@code --path}).
     */
    public RestoreResult restore(
            String spec,
            io.holdfast.engine.SnapshotFilter filter,
            FsPath target,
            RestoreOptions opts,
            BackupProgress progress,
            io.holdfast.engine.RestoredFileHook hook)
            throws IOException {
        try (RepositoryLock l = lock(false)) {
            loadIndex();
            String snap = spec;
            String sub = "/";
            int colon = spec.indexOf(':');
            if (colon >= 0) {
                snap = spec.substring(0, colon);
                sub = spec.substring(colon + 1);
                if (!sub.startsWith("/")) {
                    sub = "/" + sub;
                }
            }
            Snapshots.Ref ref = snapshot(snap, filter);
            TreeWalker walker = new TreeWalker(repo);
            Node node = walker.find(ref.snapshot().tree(), sub);
            Tree tree;
            String prefix;
            if (node == null) {
                tree = walker.tree(ref.snapshot().tree());
                prefix = "/";
            } else if (node.type() == NodeType.DIR) {
                tree = walker.tree(Objects.requireNonNull(node.subtree()));
                prefix = sub;
            } else {
                tree = Tree.of(List.of(node));
                prefix = sub.substring(0, sub.lastIndexOf('/') + 1);
            }
            return new Restorer(repo, progress, hook).restore(tree, prefix, target, opts);
        }
    }

    /** All snapshots, oldest first. */
    public List<Snapshots.Ref> snapshots() throws IOException {
        return Snapshots.all(repo);
    }

    /** Finds one snapshot by {@code latest} or id prefix. */
    public Snapshots.Ref snapshot(String spec) throws IOException {
        return snapshot(spec, io.holdfast.engine.SnapshotFilter.ALL);
    }

    /**
     * Finds one snapshot by id prefix, or {@code latest}: the newest snapshot that passes {@code filter} (restic's
     * {@code --host}, {@code --tag} and {@code --path}, which only apply to {@code latest}).
     */
    public Snapshots.Ref snapshot(String spec, io.holdfast.engine.SnapshotFilter filter) throws IOException {
        return filter.select(repo, List.of(spec)).getFirst();
    }

    /**
     * The snapshots {@code specs} name ({@code latest} chosen by {@code filter}), or, without specs, every snapshot that
     * passes {@code filter}, oldest first.
     */
    public List<Snapshots.Ref> snapshots(List<String> specs, io.holdfast.engine.SnapshotFilter filter)
            throws IOException {
        return filter.select(repo, specs);
    }

    /** Checks the repository. */
    public CheckResult check(CheckOptions opts, BackupProgress progress) throws IOException {
        try (RepositoryLock l = lock(false)) {
            CheckResult result = new Checker(repo, progress).check(opts);
            return LockCheck.add(repo, result, clock.instant(), this::loadIndex);
        }
    }

    /** Walks a snapshot's files. */
    public void ls(String spec, TreeWalker.Visitor visitor) throws IOException {
        ls(snapshot(spec), visitor);
    }

    /** Walks the files of snapshot {@code ref}. */
    public void ls(Snapshots.Ref ref, TreeWalker.Visitor visitor) throws IOException {
        loadIndex();
        new TreeWalker(repo).walk(ref.snapshot().tree(), "/", visitor);
    }

    /** The model files recorded in snapshot {@code spec} ({@code latest} or an id prefix) at or below {@code path}. */
    public List<io.holdfast.engine.SnapshotModels.Entry> models(String spec, String path) throws IOException {
        loadIndex();
        Snapshots.Ref ref = snapshot(spec);
        return new io.holdfast.engine.SnapshotModels(repo).list(ref.snapshot().tree(), path);
    }

    /**
     * Validates the model files of snapshot {@code spec} at or below {@code path}, reading every blob of each from the
     * repository.
     */
    public List<io.holdfast.engine.ModelValidator.Report> validateModels(String spec, String path, boolean scanValues)
            throws IOException {
        try (RepositoryLock l = lock(false)) {
            loadIndex();
            Snapshots.Ref ref = snapshot(spec);
            return new io.holdfast.engine.SnapshotModels(repo)
                    .validate(ref.snapshot().tree(), path, scanValues);
        }
    }

    /**
     * The differences between two snapshots, as restic's {@code diff}; with {@code metadata}, metadata changes too.
     * Takes a shared lock.
     */
    public Differ.Result diff(String a, String b, boolean metadata) throws IOException {
        try (RepositoryLock l = lock(false)) {
            loadIndex();
            Id ta = snapshot(a).snapshot().tree();
            Id tb = snapshot(b).snapshot().tree();
            return new Differ(new TreeWalker(repo), repo.index(), metadata).diff(ta, tb);
        }
    }

    /** Statistics over snapshots. */
    public Stats stats(List<String> specs, Stats.Mode mode) throws IOException {
        return stats(specs, io.holdfast.engine.SnapshotFilter.ALL, mode);
    }

    /**
     * Statistics over the snapshots {@code specs} name ({@code latest} chosen by {@code filter}), or every snapshot
     * passing {@code filter}, counted as restic counts them. Takes a shared lock.
     */
    public Stats stats(List<String> specs, io.holdfast.engine.SnapshotFilter filter, Stats.Mode mode)
            throws IOException {
        try (RepositoryLock l = lock(false)) {
            loadIndex();
            return Stats.compute(repo, filter.select(repo, specs), mode);
        }
    }

    /** What {@link #tag} did: the snapshots changed, and the ids given that named no snapshot. */
    public record TagResult(List<io.holdfast.engine.Tagger.Retagged> changed, List<String> ignored) {}

    /**
     * Changes the tags of the snapshots {@code specs} names (ids, prefixes, {@code latest}), or of every snapshot
     * passing {@code filter} when none is named, as restic's {@code tag}; an id that names no snapshot is ignored (and
     * reported). Takes an exclusive lock.
     */
    public TagResult tag(
            List<String> specs, io.holdfast.engine.SnapshotFilter filter, io.holdfast.engine.Tagger.Change change)
            throws IOException {
        try (RepositoryLock l = lock(true)) {
            List<String> ignored = new java.util.ArrayList<>();
            List<Snapshots.Ref> refs = selected(specs, filter, ignored);
            return new TagResult(io.holdfast.engine.Tagger.run(repo, refs, change), ignored);
        }
    }

    /** The snapshots {@code specs} name, or every one passing {@code filter}; specs naming none go to {@code ignored}. */
    private List<Snapshots.Ref> selected(
            List<String> specs, io.holdfast.engine.SnapshotFilter filter, List<String> ignored) throws IOException {
        List<Snapshots.Ref> refs = new java.util.ArrayList<>();
        if (specs.isEmpty()) {
            refs.addAll(filter.select(repo, List.of()));
        } else {
            for (String spec : specs) {
                try {
                    refs.addAll(filter.select(repo, List.of(spec)));
                } catch (IllegalArgumentException e) {
                    ignored.add(spec + ": " + e.getMessage());
                }
            }
        }
        return refs;
    }

    /** What {@link #rewrite} did: the snapshots rewritten (or that would be), and the ids that named none. */
    public record RewriteResult(List<io.holdfast.engine.Rewriter.Rewritten> changed, List<String> ignored) {}

    /**
     * Rewrites the snapshots {@code specs} names, or every one passing {@code filter}, as restic's {@code rewrite}
     * ({@link io.holdfast.engine.Rewriter}). Takes an exclusive lock with {@code forget}, else a shared one (it only
     * adds files then).
     */
    public RewriteResult rewrite(
            List<String> specs,
            io.holdfast.engine.SnapshotFilter filter,
            io.holdfast.engine.Rewriter.Options options,
            io.holdfast.engine.Rewriter.Listener listener)
            throws IOException {
        try (RepositoryLock l = lock(options.forget() && !options.dryRun())) {
            loadIndex();
            List<String> ignored = new java.util.ArrayList<>();
            List<Snapshots.Ref> refs = selected(specs, filter, ignored);
            return new RewriteResult(io.holdfast.engine.Rewriter.run(repo, refs, options, listener), ignored);
        }
    }

    /**
     * What restic's {@code list TYPE} prints ({@link Listing}): file ids, or {@code data ID} / {@code tree ID} per blob
     * of the index for {@code blobs}.
     */
    public List<String> list(String type) throws IOException {
        return Listing.lines(repo, type);
    }

    /**
     * The decrypted content of a repository object, as {@code restic cat}: {@code config}, {@code snapshot ID},
     * {@code index ID}, {@code key ID}, {@code lock ID} (JSON), {@code blob ID} (raw bytes), {@code tree ID} (JSON).
     */
    public byte[] cat(String type, @Nullable String idOrPrefix) throws IOException {
        if (type.equals("config")) {
            return repo.config().toJson();
        }
        if (idOrPrefix == null || idOrPrefix.isEmpty()) {
            throw new IllegalArgumentException("cat " + type + " needs an id");
        }
        return switch (type) {
            case "snapshot" ->
                repo.loadJson(
                        io.holdfast.storage.FileType.SNAPSHOT,
                        snapshot(idOrPrefix).id());
            case "index" -> repo.loadJson(io.holdfast.storage.FileType.INDEX, Id.parse(idOrPrefix));
            case "lock" -> repo.loadJson(io.holdfast.storage.FileType.LOCK, Id.parse(idOrPrefix));
            case "key" ->
                repo.backend()
                        .load(new io.holdfast.storage.Handle(
                                io.holdfast.storage.FileType.KEY,
                                Id.parse(idOrPrefix).hex()));
            case "blob", "tree" -> {
                loadIndex();
                io.holdfast.format.BlobType t =
                        type.equals("tree") ? io.holdfast.format.BlobType.TREE : io.holdfast.format.BlobType.DATA;
                Id id = Id.parse(idOrPrefix);
                if (type.equals("blob") && repo.index().lookup(t, id) == null) {
                    t = io.holdfast.format.BlobType.TREE;
                }
                yield repo.loadBlob(t, id);
            }
            default ->
                throw new IllegalArgumentException(
                        "unknown object type '" + type + "': use config, snapshot, index, key, lock, blob or tree");
        };
    }

    /** Removes stale locks, or all locks. */
    public int unlock(boolean all) throws IOException {
        return RepositoryLock.unlock(repo, all, clock);
    }

    /**
     * Removes data no snapshot needs, as restic's {@code prune}: plans, then (unless a dry run) repacks, rewrites the
     * index and deletes packs in a crash-safe order. Takes an exclusive lock (a shared one for a dry run).
     *
     * @throws io.holdfast.engine.maintenance.RepairNeededException if the repository must be repaired first
     */
    public PruneResult prune(PruneOptions opts, MaintenanceProgress progress) throws IOException {
        try (RepositoryLock l = lock(!opts.dryRun())) {
            return Maintenance.withFreshIndex(repo, () -> new Pruner(repo, progress).prune(opts), this::indexReset);
        }
    }

    /** Rebuilds the index from the pack files ({@code repair index}). Takes an exclusive lock. */
    public RepairIndexResult repairIndex(boolean readAllPacks, MaintenanceProgress progress) throws IOException {
        try (RepositoryLock l = lock(true)) {
            return Maintenance.withFreshIndex(
                    repo, () -> new IndexRepairer(repo, progress).repair(readAllPacks), this::indexReset);
        }
    }

    /**
     * Rewrites snapshots that reference missing data ({@code repair snapshots}). Takes an exclusive lock (a shared one
     * for a dry run).
     */
    public RepairSnapshotsResult repairSnapshots(RepairSnapshotsOptions opts, MaintenanceProgress progress)
            throws IOException {
        try (RepositoryLock l = lock(!opts.dryRun())) {
            return Maintenance.withFreshIndex(
                    repo, () -> new SnapshotRepairer(repo, progress).repair(opts), this::indexReset);
        }
    }

    /**
     * Salvages the intact blobs of damaged packs and removes the packs ({@code repair packs}). Takes an exclusive lock.
     *
     * @param copyDir where to keep a copy of each pack file first, or null
     */
    public RepairPacksResult repairPacks(List<Id> packs, @Nullable Path copyDir, MaintenanceProgress progress)
            throws IOException {
        try (RepositoryLock l = lock(true)) {
            return Maintenance.withFreshIndex(
                    repo, () -> new PackSalvager(repo, progress).salvage(packs, copyDir), this::indexReset);
        }
    }

    private void indexReset() {
        indexLoaded = false;
    }

    /** Object Lock and legal holds of this repository. */
    public Immutability immutability() {
        return new Immutability(repo, clock, this::lock, this::loadIndex);
    }

    /** Keys of this repository. */
    public KeyOps keys() {
        return new KeyOps(repo, () -> lock(true));
    }

    /**
     * Removes snapshots by policy or by id, planning first and then deleting snapshot files only, under an exclusive
     * lock (also for a dry run, as restic does; {@code --no-lock} is allowed only with a dry run). With {@code prune},
     * prune (with {@link PruneOptions#DEFAULTS}) runs afterwards, inside the same lock, if snapshots were removed; in a
     * dry run it only plans, and its plan does not count the snapshots the dry run would have removed.
     */
    public ForgetResult forget(io.holdfast.engine.ForgetOptions opts, boolean prune) throws IOException {
        return forget(
                opts,
                prune,
                (r, dryRun) -> Maintenance.withFreshIndex(
                        r,
                        () -> new Pruner(r, MaintenanceProgress.NONE).prune(PruneOptions.DEFAULTS.withDryRun(dryRun)),
                        this::indexReset));
    }

    ForgetResult forget(io.holdfast.engine.ForgetOptions opts, boolean prune, ForgetPruner pruner) throws IOException {
        if (noLock && !opts.dryRun()) {
            throw new IllegalArgumentException("--no-lock can be used with forget only together with --dry-run");
        }
        try (RepositoryLock l = lock(true)) {
            io.holdfast.engine.ForgetPlan plan = io.holdfast.engine.Forgetter.plan(repo, opts, clock);
            List<Id> removed = opts.dryRun() ? List.of() : io.holdfast.engine.Forgetter.execute(repo, plan);
            boolean pruned = false;
            if (prune && !plan.toRemove().isEmpty()) {
                loadIndex();
                pruner.prune(repo, opts.dryRun());
                pruned = true;
            }
            return new ForgetResult(plan, removed, opts.dryRun(), pruned);
        }
    }

    /**
     * Copies snapshots from {@code source} into this repository, holding shared locks on both (the source's only if
     * it was opened with locking); see {@link io.holdfast.engine.Copier}.
     */
    public io.holdfast.engine.CopyResult copyFrom(
            Holdfast source, io.holdfast.engine.CopyOptions opts, io.holdfast.engine.Copier.Listener listener)
            throws IOException {
        try (RepositoryLock s = source.lock(false);
                RepositoryLock d = lock(false)) {
            source.loadIndex();
            loadIndex();
            return new io.holdfast.engine.Copier(source.repo, repo, listener).copy(opts);
        }
    }

    @Override
    public void close() throws IOException {
        repo.close();
    }
}

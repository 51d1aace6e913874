package io.holdfast.engine;

import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What to back up and how. Defaults in {@link #DEFAULTS}; filled alike from CLI flags, config files and REST JSON.
 *
 * @param paths files and directories to back up, as lossless path strings ({@link
 *     io.holdfast.engine.fs.FsPath#toString()}); relative ones are made absolute
 * @param excludes case-sensitive exclude patterns
 * @param iexcludes case-insensitive exclude patterns
 * @param excludeFiles files of exclude patterns
 * @param tags tags for the snapshot
 * @param host the host name to record, null for this machine's
 * @param parent the parent snapshot id or prefix; null to find the latest with the same host and paths
 * @param force read every file even if unchanged since the parent
 * @param stdinFilename with stdin input: the name of the single file in the snapshot
 * @param stdinCommand with stdin input from a command: the command and its arguments
 * @param readConcurrency files read at the same time
 * @param models tensor-aligned chunking and validation of model files
 * @param modelBase with the model codec: {@code SNAPSHOT:PATH} of a model file to encode model files against when
 *     their own path in the parent snapshot is not codec-encoded; null for none
 * @param dryRun read and chunk everything and count what would be added, but write nothing (no packs, index or
 *     snapshot)
 * @param oneFileSystem do not cross into other file systems below a target: a mount point is kept as an empty
 *     directory, as restic's {@code --one-file-system} does
 * @param excludeLargerThan leave out files larger than this many bytes; 0 for no limit
 * @param time the time to record for the snapshot instead of the backup's start; null for the start
 * @param hooks commands run before and after ({@code --pre}, {@code --post})
 */
public record BackupOptions(
        List<String> paths,
        List<String> excludes,
        List<String> iexcludes,
        List<Path> excludeFiles,
        List<String> tags,
        @Nullable String host,
        @Nullable String parent,
        boolean force,
        @Nullable String stdinFilename,
        List<String> stdinCommand,
        int readConcurrency,
        ModelOptions models,
        @Nullable String modelBase,
        boolean dryRun,
        boolean oneFileSystem,
        long excludeLargerThan,
        java.time.@Nullable Instant time,
        BackupHooks hooks) {

    public static final BackupOptions DEFAULTS = new BackupOptions(
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            null,
            null,
            false,
            null,
            List.of(),
            2,
            ModelOptions.DEFAULTS,
            null,
            false,
            false,
            0,
            null,
            BackupHooks.NONE);

    /** Options without the file-selection extras: a real run, crossing file systems, no size limit, start time. */
    public BackupOptions(
            List<String> paths,
            List<String> excludes,
            List<String> iexcludes,
            List<Path> excludeFiles,
            List<String> tags,
            @Nullable String host,
            @Nullable String parent,
            boolean force,
            @Nullable String stdinFilename,
            List<String> stdinCommand,
            int readConcurrency,
            ModelOptions models,
            @Nullable String modelBase) {
        this(
                paths,
                excludes,
                iexcludes,
                excludeFiles,
                tags,
                host,
                parent,
                force,
                stdinFilename,
                stdinCommand,
                readConcurrency,
                models,
                modelBase,
                false,
                false,
                0,
                null,
                BackupHooks.NONE);
    }

    public BackupOptions {
        paths = List.copyOf(paths);
        excludes = List.copyOf(excludes);
        iexcludes = List.copyOf(iexcludes);
        excludeFiles = List.copyOf(excludeFiles);
        tags = List.copyOf(tags);
        stdinCommand = List.copyOf(stdinCommand);
        if (readConcurrency < 1) {
            throw new IllegalArgumentException("read concurrency must be positive");
        }
        if (excludeLargerThan < 0) {
            throw new IllegalArgumentException("--exclude-larger-than cannot be negative");
        }
    }

    /** These options backing up {@code p} (local paths, for tests and tools). */
    public BackupOptions withPaths(Path... p) {
        return withPaths(java.util.Arrays.stream(p).map(Path::toString).toList());
    }

    public BackupOptions withPaths(List<String> p) {
        Builder b = new Builder(this);
        b.paths = p;
        return b.build();
    }

    public BackupOptions withForce(boolean f) {
        Builder b = new Builder(this);
        b.force = f;
        return b.build();
    }

    public BackupOptions withModels(ModelOptions m) {
        Builder b = new Builder(this);
        b.models = m;
        return b.build();
    }

    /** These options with {@code --model-base SNAPSHOT:PATH}: the model codec's base for files without one. */
    public BackupOptions withModelBase(@Nullable String base) {
        Builder b = new Builder(this);
        b.modelBase = base;
        return b.build();
    }

    /** These options with {@code --dry-run}, {@code --one-file-system}, a size limit and a snapshot time. */
    public BackupOptions withSelection(
            boolean dry, boolean oneFs, long largerThan, java.time.@Nullable Instant snapshotTime) {
        Builder b = new Builder(this);
        b.dryRun = dry;
        b.oneFileSystem = oneFs;
        b.excludeLargerThan = largerThan;
        b.time = snapshotTime;
        return b.build();
    }

    /** These options with commands to run before and after. */
    public BackupOptions withHooks(BackupHooks h) {
        Builder b = new Builder(this);
        b.hooks = h;
        return b.build();
    }

    /** These options with other tags, host and exclude patterns (the sources that set their own). */
    public BackupOptions withTagsHostExcludes(List<String> t, @Nullable String h, List<String> ex) {
        Builder b = new Builder(this);
        b.excludes = List.copyOf(ex);
        b.tags = List.copyOf(t);
        b.host = h;
        return b.build();
    }

    /** Whether the input is standard input or a command's output rather than files. */
    public boolean fromStdin() {
        return stdinFilename != null;
    }

    /** A copy of some options to change field by field; {@link #build} checks them as the constructor does. */
    private static final class Builder {
        List<String> paths;
        List<String> excludes;
        List<String> iexcludes;
        List<Path> excludeFiles;
        List<String> tags;

        @Nullable
        String host;

        @Nullable
        String parent;

        boolean force;

        @Nullable
        String stdinFilename;

        List<String> stdinCommand;
        int readConcurrency;
        ModelOptions models;

        @Nullable
        String modelBase;

        boolean dryRun;
        boolean oneFileSystem;
        long excludeLargerThan;
        java.time.@Nullable Instant time;
        BackupHooks hooks;

        Builder(BackupOptions o) {
            paths = o.paths;
            excludes = o.excludes;
            iexcludes = o.iexcludes;
            excludeFiles = o.excludeFiles;
            tags = o.tags;
            host = o.host;
            parent = o.parent;
            force = o.force;
            stdinFilename = o.stdinFilename;
            stdinCommand = o.stdinCommand;
            readConcurrency = o.readConcurrency;
            models = o.models;
            modelBase = o.modelBase;
            dryRun = o.dryRun;
            oneFileSystem = o.oneFileSystem;
            excludeLargerThan = o.excludeLargerThan;
            time = o.time;
            hooks = o.hooks;
        }

        BackupOptions build() {
            return new BackupOptions(
                    paths,
                    excludes,
                    iexcludes,
                    excludeFiles,
                    tags,
                    host,
                    parent,
                    force,
                    stdinFilename,
                    stdinCommand,
                    readConcurrency,
                    models,
                    modelBase,
                    dryRun,
                    oneFileSystem,
                    excludeLargerThan,
                    time,
                    hooks);
        }
    }
}

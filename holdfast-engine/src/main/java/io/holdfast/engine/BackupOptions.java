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
        @Nullable String modelBase) {

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
            null);

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
    }

    /** These options backing up {@code p} (local paths, for tests and tools). */
    public BackupOptions withPaths(Path... p) {
        return withPaths(java.util.Arrays.stream(p).map(Path::toString).toList());
    }

    public BackupOptions withPaths(List<String> p) {
        return new BackupOptions(
                p,
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
                modelBase);
    }

    public BackupOptions withForce(boolean f) {
        return new BackupOptions(
                paths,
                excludes,
                iexcludes,
                excludeFiles,
                tags,
                host,
                parent,
                f,
                stdinFilename,
                stdinCommand,
                readConcurrency,
                models,
                modelBase);
    }

    public BackupOptions withModels(ModelOptions m) {
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
                m,
                modelBase);
    }

    /** Whether the input is standard input or a command's output rather than files. */
    /** These options with {@code --model-base SNAPSHOT:PATH}: the model codec's base for files without one. */
    public BackupOptions withModelBase(@Nullable String base) {
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
                base);
    }

    public boolean fromStdin() {
        return stdinFilename != null;
    }
}

package io.holdfast.cli;

import io.holdfast.cli.output.Output;
import io.holdfast.cli.progress.Progress;
import io.holdfast.cli.progress.ProgressCounters;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;

/**
 * The options every command accepts, before or after the command name ({@code holdfast -r repo snapshots} or {@code
 * holdfast snapshots -r repo}), with their environment-variable fallbacks. {@link Main} mixes one instance into the
 * root command and hands the same instance to every command's constructor.
 */
public final class GlobalOptions {
    /** restic's default pack size, in MiB. */
    public static final int DEFAULT_PACK_SIZE_MIB = 16;

    static final int MIN_PACK_SIZE_MIB = 4;
    static final int MAX_PACK_SIZE_MIB = 128;

    private final CliEnvironment environment;
    private @Nullable Output output;

    @Option(
            names = {"-r", "--repo"},
            paramLabel = "REPOSITORY",
            scope = ScopeType.INHERIT,
            description = "Repository location, a local directory (env: HOLDFAST_REPOSITORY, RESTIC_REPOSITORY).")
    private @Nullable String repo;

    @Option(
            names = {"-p", "--password-file"},
            paramLabel = "FILE",
            scope = ScopeType.INHERIT,
            description = "Read the password from FILE (env: HOLDFAST_PASSWORD_FILE, RESTIC_PASSWORD_FILE).")
    private @Nullable Path passwordFile;

    @Option(
            names = "--password-command",
            paramLabel = "COMMAND",
            scope = ScopeType.INHERIT,
            description = "Run COMMAND and use its output as the password "
                    + "(env: HOLDFAST_PASSWORD_COMMAND, RESTIC_PASSWORD_COMMAND).")
    private @Nullable String passwordCommand;

    @Option(
            names = "--json",
            scope = ScopeType.INHERIT,
            description = "Write machine-readable JSON to standard output.")
    private boolean json;

    @Option(
            names = {"-q", "--quiet"},
            scope = ScopeType.INHERIT,
            description = "Print only results and errors; no progress.")
    private boolean quiet;

    @Option(
            names = {"-v", "--verbose"},
            scope = ScopeType.INHERIT,
            description = "Say more; repeat (-vv) for even more.")
    private boolean[] verbose = new boolean[0];

    @Option(
            names = "--no-lock",
            scope = ScopeType.INHERIT,
            description = "Do not lock the repository (only for read-only commands on read-only storage).")
    private boolean noLock;

    @Option(
            names = "--retry-lock",
            paramLabel = "DURATION",
            scope = ScopeType.INHERIT,
            description = "If the repository is locked, retry for up to DURATION (e.g. 30s, 5m, 1h) "
                    + "instead of failing at once with exit code 11.")
    private @Nullable String retryLock;

    @Option(
            names = "--compression",
            paramLabel = "MODE",
            scope = ScopeType.INHERIT,
            converter = CompressionConverter.class,
            description = "Compression of new data: off, fastest, auto or max; default auto "
                    + "(env: HOLDFAST_COMPRESSION, RESTIC_COMPRESSION).")
    private @Nullable CompressionMode compression;

    @Option(
            names = "--pack-size",
            paramLabel = "MiB",
            scope = ScopeType.INHERIT,
            description = "Target size of new pack files in MiB, 4 to 128; default 16 "
                    + "(env: HOLDFAST_PACK_SIZE, RESTIC_PACK_SIZE).")
    private @Nullable Integer packSize;

    @Option(
            names = "--as-of",
            paramLabel = "TIME",
            scope = ScopeType.INHERIT,
            description = "Read the repository as it was at TIME (RFC 3339, or \"2026-12-05 14:30:00\" local time),"
                    + " from the object versions of a versioned S3 bucket: for snapshots, ls, restore, check and"
                    + " the other reading commands, and for repair undelete.")
    private @Nullable String asOf;

    @Option(
            names = "--storage-class-data",
            paramLabel = "CLASS",
            scope = ScopeType.INHERIT,
            description = "S3 storage class of new packs of file contents, e.g. STANDARD_IA or GLACIER_IR; index,"
                    + " snapshot and tree packs stay standard, so browsing never reads a cold object"
                    + " (env: HOLDFAST_S3_STORAGE_CLASS_DATA).")
    private @Nullable String storageClassData;

    @Option(
            names = "--max-memory",
            paramLabel = "SIZE",
            scope = ScopeType.INHERIT,
            description = "Largest Java heap, e.g. 512m or 4g: the launcher starts Java with it. Default: the heap"
                    + " follows what the command holds (the index, buffers of the packs in flight), see"
                    + " docs/cli.md (env: HOLDFAST_MAX_MEMORY).")
    private @Nullable String maxMemory;

    /** Options that fall back to variables of {@code environment}. */
    public GlobalOptions(CliEnvironment environment) {
        this.environment = environment;
    }

    /** Environment variables, streams and terminal of this run. */
    public CliEnvironment environment() {
        return environment;
    }

    /** The repository location from {@code --repo} or the environment, or {@code null}. */
    public @Nullable String repository() {
        return repo != null && !repo.isEmpty()
                ? repo
                : environment.firstEnv("HOLDFAST_REPOSITORY", "RESTIC_REPOSITORY");
    }

    /** The repository location, or a {@link CliException} saying how to give one. */
    public String requireRepository() {
        String repository = repository();
        if (repository == null) {
            throw CliException.fatal("no repository given: use -r/--repo or set HOLDFAST_REPOSITORY");
        }
        return repository;
    }

    /**
     * The options that let another process find the password the way this one does ({@code --password-file} or
     * {@code --password-command}, from flags or environment); empty when the password came only from {@code
     * HOLDFAST_PASSWORD} or a prompt, which another process cannot see.
     */
    public java.util.List<String> passwordArgumentsForChild() {
        PasswordSource source = passwords();
        Path file = source.file();
        String command = source.command();
        if (file != null) {
            return java.util.List.of("--password-file", file.toAbsolutePath().toString());
        }
        return command == null ? java.util.List.of() : java.util.List.of("--password-command", command);
    }

    /** Where the password comes from: these options, then the environment, then a prompt. */
    public PasswordSource passwords() {
        return PasswordSource.of(passwordFile, passwordCommand, environment);
    }

    /** Whether {@code --json} was given. */
    public boolean json() {
        return json;
    }

    /** Whether {@code --quiet} was given. */
    public boolean quiet() {
        return quiet;
    }

    /** How many times {@code -v} was given. */
    public int verbosity() {
        return verbose.length;
    }

    /** The environment the storage is opened with: this run's variables plus the storage options given as flags. */
    public java.util.Map<String, String> storageEnvironment() {
        java.util.Map<String, String> env = new java.util.HashMap<>(environment.env());
        String dataClass = storageClassData;
        if (dataClass != null && !dataClass.isBlank()) {
            env.put("HOLDFAST_S3_STORAGE_CLASS_DATA", dataClass);
        }
        return env;
    }

    /** The time of {@code --as-of}, or {@code null}. */
    public java.time.@Nullable Instant asOf() {
        String a = asOf;
        return a == null ? null : TimeArg.parse(a, java.time.ZoneId.systemDefault());
    }

    /** Whether {@code --no-lock} was given. */
    public boolean noLock() {
        return noLock;
    }

    /** How long to wait for a conflicting lock ({@code --retry-lock}); zero unless given. */
    public Duration retryLock() {
        return retryLock == null ? Duration.ZERO : GoDuration.parse(retryLock);
    }

    /** The compression mode from {@code --compression}, the environment, or {@link CompressionMode#AUTO}. */
    public CompressionMode compression() {
        if (compression != null) {
            return compression;
        }
        String value = environment.firstEnv("HOLDFAST_COMPRESSION", "RESTIC_COMPRESSION");
        return value == null ? CompressionMode.AUTO : CompressionMode.parse(value);
    }

    /** The target pack size in MiB from {@code --pack-size}, the environment, or 16. */
    public int packSizeMiB() {
        if (packSize != null) {
            return packSize;
        }
        String value = environment.firstEnv("HOLDFAST_PACK_SIZE", "RESTIC_PACK_SIZE");
        if (value == null) {
            return DEFAULT_PACK_SIZE_MIB;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid pack size '" + value + "' (expected a number of MiB)", e);
        }
    }

    /**
     * The heap limit in bytes from {@code --max-memory} or HOLDFAST_MAX_MEMORY, or 0 when neither is set. The
     * launcher passes the same value to Java as {@code -Xmx}; this checks its form, so a typo is a usage error
     * rather than a default heap.
     */
    public long maxMemory() {
        String value = maxMemory != null ? maxMemory : environment.firstEnv("HOLDFAST_MAX_MEMORY");
        if (value == null) {
            return 0;
        }
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("([0-9]{1,12})([kKmMgG])").matcher(value.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "invalid memory size '" + value + "' (expected digits and k, m or g, e.g. 512m or 4g)");
        }
        int shift = switch (Character.toLowerCase(m.group(2).charAt(0))) {
            case 'k' -> 10;
            case 'm' -> 20;
            default -> 30;
        };
        long bytes = Long.parseLong(m.group(1)) << shift;
        if (bytes < 64L << 20) {
            throw new IllegalArgumentException("memory size '" + value + "' is below the 64m Holdfast needs");
        }
        return bytes;
    }

    /** Output for this run, following {@code --json}, {@code --quiet} and {@code --verbose}. */
    public Output output() {
        Output current = output;
        if (current == null) {
            current = new Output(environment.out(), environment.err(), json, quiet, verbosity());
            output = current;
        }
        return current;
    }

    /** Starts showing progress of {@code counters} the way these options and the terminal call for. */
    public Progress startProgress(ProgressCounters counters) {
        Progress.Mode mode =
                Progress.Mode.choose(json, quiet, environment.terminal().isInteractive());
        return Progress.start(
                counters,
                mode,
                environment.out(),
                environment.err(),
                environment.terminal().width());
    }

    /** Checks combinations and environment values picocli cannot; called before any command runs. */
    void validate(CommandLine commandLine) {
        if (quiet && verbosity() > 0) {
            throw new ParameterException(commandLine, "--quiet and --verbose cannot be specified at the same time");
        }
        try {
            compression();
            retryLock();
            maxMemory();
            int size = packSizeMiB();
            if (size < MIN_PACK_SIZE_MIB || size > MAX_PACK_SIZE_MIB) {
                throw new IllegalArgumentException("pack size must be between " + MIN_PACK_SIZE_MIB + " and "
                        + MAX_PACK_SIZE_MIB + " MiB, not " + size);
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandLine, String.valueOf(e.getMessage()), e);
        }
    }

    /** Converts {@code --compression} values. */
    static final class CompressionConverter implements CommandLine.ITypeConverter<CompressionMode> {
        @Override
        public CompressionMode convert(String value) {
            try {
                return CompressionMode.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(String.valueOf(e.getMessage()));
            }
        }
    }
}

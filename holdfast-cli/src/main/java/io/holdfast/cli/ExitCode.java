package io.holdfast.cli;

/**
 * The exit codes of {@code holdfast}, documented in docs/cli.md. They follow restic's where restic has one, so
 * scripts written for restic keep working.
 */
public final class ExitCode {
    /** The command succeeded. */
    public static final int OK = 0;

    /** A fatal error: the command did not do what was asked. */
    public static final int FATAL = 1;

    /** The command line could not be parsed or is inconsistent (picocli's default for usage errors). */
    public static final int USAGE = 2;

    /** A backup finished and wrote a snapshot, but some source files could not be read. */
    public static final int BACKUP_PARTIAL = 3;

    /**
     * A restore finished, but some objects could not be restored (each is named on standard error); everything else
     * was. The same code as {@link #BACKUP_PARTIAL}: the work is done except for what is listed.
     */
    public static final int INCOMPLETE = 3;

    /**
     * A model file failed validation: {@code validate} found an invalid model, or {@code backup --validate=fail} met
     * one and wrote no snapshot.
     */
    public static final int MODEL_INVALID = 20;

    /** The repository does not exist. */
    public static final int REPOSITORY_NOT_FOUND = 10;

    /** The repository could not be locked. */
    public static final int LOCK_FAILED = 11;

    /** No key in the repository opens with the given password. */
    public static final int WRONG_PASSWORD = 12;

    /** The command was interrupted (SIGINT, 128 + 2). */
    public static final int INTERRUPTED = 130;

    private ExitCode() {}
}

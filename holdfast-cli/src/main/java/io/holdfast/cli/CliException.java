package io.holdfast.cli;

import org.jspecify.annotations.Nullable;

/**
 * An error a command reports to the user: a one-line message and an {@link ExitCode}. Commands throw it; {@link
 * Main} prints {@code Fatal: <message>} (or a JSON {@code exit_error} line with {@code --json}) and exits with the
 * code.
 */
public class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /** An error with the given exit code and one-line message. */
    public CliException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    /** An error with the given exit code and one-line message, caused by {@code cause} (shown with -vv). */
    public CliException(int exitCode, String message, @Nullable Throwable cause) {
        super(message, cause);
        if (exitCode <= 0 || exitCode > 255) {
            throw new IllegalArgumentException("exit code out of range: " + exitCode);
        }
        this.exitCode = exitCode;
    }

    /** A fatal error ({@link ExitCode#FATAL}). */
    public static CliException fatal(String message) {
        return new CliException(ExitCode.FATAL, message);
    }

    /** The process exit code for this error. */
    public int exitCode() {
        return exitCode;
    }

    @Override
    public String getMessage() {
        String message = super.getMessage();
        return message == null ? "" : message;
    }
}

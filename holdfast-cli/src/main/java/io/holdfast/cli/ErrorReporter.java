package io.holdfast.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.holdfast.cli.output.Output;
import io.holdfast.engine.IoReasons;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;

/**
 * Turns an exception that escaped a command into one line on standard error (a JSON {@code exit_error} line with
 * {@code --json}) and an {@link ExitCode}. Commands should throw {@link CliException}; exceptions from the lower
 * layers are also recognised by class name, so the CLI needs no compile-time dependency on their types.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
    /** Exception class simple names (of the class or a superclass) of the lower layers, and their exit codes. */
    private static final Map<String, Integer> BY_SIMPLE_NAME = Map.of(
            "RepositoryNotFoundException", ExitCode.REPOSITORY_NOT_FOUND,
            "RepositoryDoesNotExistException", ExitCode.REPOSITORY_NOT_FOUND,
            "RepositoryLockedException", ExitCode.LOCK_FAILED,
            "LockFailedException", ExitCode.LOCK_FAILED,
            "WrongPasswordException", ExitCode.WRONG_PASSWORD,
            "NoKeyFoundException", ExitCode.WRONG_PASSWORD);

    /** A Java exception class name, qualified or not, with the colon and space that usually follow it. */
    private static final Pattern CLASS_NAME =
            Pattern.compile("\\b(?:[a-z][\\w$]*\\.)*[A-Z][\\w$]*(?:Exception|Error)\\b(?::\\s*)?");

    /** An exit code with its one-line message. */
    record Failure(int exitCode, String message) {}

    private final GlobalOptions globals;

    ErrorReporter(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public int handleExecutionException(
            Exception exception, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        return report(exception);
    }

    /** Prints {@code failure} and returns its exit code. */
    int report(Throwable failure) {
        Failure described = describe(failure);
        var err = globals.environment().err();
        if (globals.json()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("message_type", "exit_error");
            line.put("code", described.exitCode());
            line.put("message", described.message());
            try {
                err.println(Output.mapper().writeValueAsString(line));
            } catch (JsonProcessingException e) {
                err.println("Fatal: " + described.message());
            }
        } else {
            err.println(described.exitCode() == ExitCode.INTERRUPTED ? "interrupted" : "Fatal: " + described.message());
        }
        if (globals.verbosity() >= 2 || globals.environment().firstEnv("HOLDFAST_DEBUG") != null) {
            failure.printStackTrace(err);
        }
        err.flush();
        return described.exitCode();
    }

    /** The exit code and one-line message for {@code failure}. */
    static Failure describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CliException cli) {
                return new Failure(cli.exitCode(), oneLine(cli.getMessage()));
            }
            if (isInterrupt(t)) {
                return new Failure(ExitCode.INTERRUPTED, "interrupted");
            }
            Integer code = codeByName(t.getClass());
            if (code != null) {
                return new Failure(code, message(t));
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return new Failure(ExitCode.FATAL, message(unwrap(failure)));
    }

    private static @Nullable Integer codeByName(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            Integer code = BY_SIMPLE_NAME.get(c.getSimpleName());
            if (code != null) {
                return code;
            }
        }
        return null;
    }

    private static boolean isInterrupt(Throwable t) {
        return t instanceof InterruptedException
                || t instanceof ClosedByInterruptException
                || (t instanceof InterruptedIOException && !(t instanceof SocketTimeoutException));
    }

    /** Skips wrappers that add nothing (no message of their own, or just the cause's toString). */
    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            Throwable cause = t.getCause();
            String message = t.getMessage();
            if (message != null && !message.isBlank() && !message.equals(cause.toString())) {
                break;
            }
            t = cause;
        }
        return t;
    }

    private static String message(Throwable t) {
        if (t instanceof OutOfMemoryError) {
            return "out of memory; give Java more heap, e.g. --max-memory 4g (or HOLDFAST_MAX_MEMORY=4g)";
        }
        String reason = IoReasons.describe(t);
        if (reason != null) {
            return reason;
        }
        String message = t.getMessage() == null ? "" : withoutClassNames(oneLine(t.getMessage()));
        if (message.isBlank()) {
            return "unexpected internal error; run again with -vv to see where it happened, and please report it";
        }
        return message;
    }

    /**
     * Removes Java exception class names ({@code java.io.IOException: }, {@code IllegalStateException: }) that a
     * message may have taken from a wrapped exception: users see what happened, not the class that said it.
     */
    static String withoutClassNames(String message) {
        return CLASS_NAME.matcher(message).replaceAll("").strip();
    }

    private static String oneLine(String message) {
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}

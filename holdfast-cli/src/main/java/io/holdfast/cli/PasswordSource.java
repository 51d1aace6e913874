package io.holdfast.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Resolves the repository password, like restic: a password file or a password command (not both), else the
 * {@code HOLDFAST_PASSWORD}/{@code RESTIC_PASSWORD} variable, else a prompt when a user is at a terminal. Every
 * failure is a {@link CliException} with a one-line message.
 */
public final class PasswordSource {
    /** How long a password command may run. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private static final String NONE_GIVEN =
            "no password given: set HOLDFAST_PASSWORD, --password-file or --password-command";

    private final @Nullable Path file;
    private final @Nullable String command;
    private final @Nullable String envPassword;
    private final Terminal terminal;
    private final Duration commandTimeout;
    private String missing = NONE_GIVEN;

    /**
     * A source that reads {@code file} or runs {@code command} if given, else uses {@code envPassword} if given, else
     * asks at {@code terminal}.
     */
    public PasswordSource(
            @Nullable Path file,
            @Nullable String command,
            @Nullable String envPassword,
            Terminal terminal,
            Duration commandTimeout) {
        this.file = file;
        this.command = command;
        this.envPassword = envPassword == null || envPassword.isEmpty() ? null : envPassword;
        this.terminal = terminal;
        this.commandTimeout = commandTimeout;
    }

    /**
     * The source of a command line, in restic's order: {@code --password-file} or {@code --password-command}, else
     * HOLDFAST_PASSWORD_FILE or HOLDFAST_PASSWORD_COMMAND (or RESTIC_PASSWORD_FILE, RESTIC_PASSWORD_COMMAND), else
     * HOLDFAST_PASSWORD (RESTIC_PASSWORD), else a prompt at the environment's terminal. The one place that order is
     * written: the command's options, the options handed to a child process and the key derived ahead of parsing
     * ({@link KeyPrefetch}) all take it from here.
     */
    public static PasswordSource of(@Nullable Path flagFile, @Nullable String flagCommand, CliEnvironment environment) {
        return of(flagFile, flagCommand, environment, "");
    }

    /**
     * Like {@link #of(Path, String, CliEnvironment)} for another repository's password, whose variables carry
     * {@code kind} after the prefix: {@code "FROM_"} for {@code copy}'s source (HOLDFAST_FROM_PASSWORD_FILE, ...).
     */
    public static PasswordSource of(
            @Nullable Path flagFile, @Nullable String flagCommand, CliEnvironment environment, String kind) {
        Path file = flagFile;
        String command = flagCommand;
        if (file == null && command == null) {
            String envFile =
                    environment.firstEnv("HOLDFAST_" + kind + "PASSWORD_FILE", "RESTIC_" + kind + "PASSWORD_FILE");
            file = envFile == null ? null : Path.of(envFile);
            command = environment.firstEnv(
                    "HOLDFAST_" + kind + "PASSWORD_COMMAND", "RESTIC_" + kind + "PASSWORD_COMMAND");
        }
        return new PasswordSource(
                file,
                command,
                environment.firstEnv("HOLDFAST_" + kind + "PASSWORD", "RESTIC_" + kind + "PASSWORD"),
                environment.terminal(),
                DEFAULT_COMMAND_TIMEOUT);
    }

    /** The password file this source reads, if any. */
    public @Nullable Path file() {
        return file;
    }

    /** The password command this source runs, if any. */
    public @Nullable String command() {
        return command;
    }

    /**
     * The password when a file or a variable gives it, without running a command or asking anyone; null when a
     * command would be run, or the file cannot be read or is empty.
     */
    @Nullable
    String givenWithoutCommand() {
        if (command != null) {
            return null;
        }
        try {
            return file != null ? readFile(file) : envPassword;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * This source, saying {@code message} when no password is given and none can be asked for: which password is
     * missing and where it can come from (the source repository's for {@code copy}, the new one for {@code key add}).
     */
    public PasswordSource whenMissing(String message) {
        this.missing = message;
        return this;
    }

    /** The password of an existing repository. */
    public String password() {
        return password("enter password for repository: ");
    }

    /** The password of an existing repository, asking with {@code prompt} at a terminal if none is given. */
    public String password(String prompt) {
        String given = given();
        if (given != null) {
            return given;
        }
        return prompt(prompt);
    }

    /** The password for a new repository or key; a prompt asks twice. */
    public String newPassword() {
        String given = given();
        if (given != null) {
            return given;
        }
        String first = prompt("enter password for new repository: ");
        String second = prompt("enter password again: ");
        if (!first.equals(second)) {
            throw CliException.fatal("passwords do not match");
        }
        return first;
    }

    private @Nullable String given() {
        if (file != null && command != null) {
            throw CliException.fatal("--password-file and --password-command cannot be used together");
        }
        if (file != null) {
            return readFile(file);
        }
        if (command != null) {
            return runCommand(command);
        }
        return envPassword;
    }

    private String prompt(String prompt) {
        if (!terminal.isInteractive()) {
            throw CliException.fatal(missing);
        }
        String password = terminal.readPassword(prompt);
        if (password == null) {
            throw CliException.fatal(missing);
        }
        if (password.isEmpty()) {
            throw CliException.fatal("an empty password is not allowed");
        }
        return password;
    }

    private static String readFile(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw CliException.fatal("password file " + path + " does not exist");
        } catch (IOException e) {
            throw new CliException(ExitCode.FATAL, "cannot read password file " + path + ": " + e.getMessage(), e);
        }
        String password = trim(bytes);
        if (password.isEmpty()) {
            throw CliException.fatal("password file " + path + " is empty");
        }
        return password;
    }

    private String runCommand(String commandLine) {
        List<String> argv = split(commandLine);
        if (argv.isEmpty()) {
            throw CliException.fatal("--password-command is empty");
        }
        Process process;
        try {
            process = new ProcessBuilder(argv)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            throw new CliException(
                    ExitCode.FATAL, "cannot run password command " + argv.get(0) + ": " + e.getMessage(), e);
        }
        CompletableFuture<byte[]> stdout = new CompletableFuture<>();
        Thread.ofVirtual().name("holdfast-password-command").start(() -> {
            try (InputStream in = process.getInputStream()) {
                stdout.complete(in.readAllBytes());
            } catch (IOException e) {
                stdout.completeExceptionally(e);
            }
        });
        try {
            if (!process.waitFor(commandTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw CliException.fatal("password command " + argv.get(0) + " timed out after "
                        + (commandTimeout.toMillis() % 1000 == 0
                                ? commandTimeout.toSeconds() + " s"
                                : commandTimeout.toMillis() + " ms"));
            }
            if (process.exitValue() != 0) {
                throw CliException.fatal(
                        "password command " + argv.get(0) + " failed with exit code " + process.exitValue());
            }
            String password = trim(stdout.get(5, TimeUnit.SECONDS));
            if (password.isEmpty()) {
                throw CliException.fatal("password command " + argv.get(0) + " printed an empty password");
            }
            return password;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.INTERRUPTED, "interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new CliException(ExitCode.FATAL, "cannot read the output of password command " + argv.get(0), e);
        }
    }

    /** Decodes UTF-8 without a byte order mark and strips surrounding white space, as restic does. */
    static String trim(byte[] bytes) {
        int start =
                bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf
                        ? 3
                        : 0;
        return new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8).strip();
    }

    /** Splits a command line into words: white space separates, quotes group, backslash escapes; no shell. */
    static List<String> split(String commandLine) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < commandLine.length(); i++) {
            char c = commandLine.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\\'
                    && i + 1 < commandLine.length()
                    && (quote == 0 || "\"\\".indexOf(commandLine.charAt(i + 1)) >= 0)) {
                word.append(commandLine.charAt(++i));
                inWord = true;
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw CliException.fatal("unterminated quote in --password-command");
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}

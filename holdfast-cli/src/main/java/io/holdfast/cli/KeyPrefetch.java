package io.holdfast.cli;

import io.holdfast.client.Locations;
import io.holdfast.format.crypto.KeyFile;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Starts deriving a local repository's user key on another thread before the command line is parsed.
 *
 * <p>scrypt is most of a short command's own work (0.25 s of a 1.2 s unchanged backup on a 2-core AMD EPYC), and
 * picocli's reflective model of the root and the chosen command takes about as long on the main thread; with the key
 * derived meanwhile, the command's own open takes it ({@link KeyFile#deriveAhead}) instead of deriving it again. Only
 * what can be known without picocli is used: {@code -r}/{@code --repo} among the arguments (or HOLDFAST_REPOSITORY,
 * RESTIC_REPOSITORY), a local directory; the password from {@code -p}/{@code --password-file} (or its variables) or
 * else HOLDFAST_PASSWORD/RESTIC_PASSWORD, never from {@code --password-command} (which would run a program twice) or
 * a prompt. Anything unexpected makes it do nothing: the command itself reports every error.
 */
final class KeyPrefetch {
    /** Key files are a few hundred bytes; a larger file is not one. */
    private static final long MAX_KEY_FILE = 64 * 1024;

    private KeyPrefetch() {}

    /** Starts the derivation on a daemon thread when {@code args} and the environment name a local repository. */
    static void start(CliEnvironment environment, String... args) {
        Path keys = keysDirectory(environment, args);
        String password = keys == null ? null : password(environment, args);
        if (keys == null || password == null) {
            return;
        }
        // announced here, before the thread starts: the command's own open, however soon, waits for the key files
        KeyFile.Ahead ahead = KeyFile.announceAhead();
        try {
            Thread.ofPlatform().daemon().name("key-prefetch").start(() -> deriveAhead(ahead, keys, password));
        } catch (RuntimeException | Error e) {
            ahead.cancel();
            throw e;
        }
    }

    /** Derives the key of each key file in {@code keys} until one opens with {@code password}. */
    static void deriveAhead(KeyFile.Ahead ahead, Path keys, String password) {
        try {
            ahead.derive(() -> read(keys), password);
        } catch (IOException | RuntimeException e) {
            // the command's own open reports what is wrong
        }
    }

    /** The key files in {@code keys}, skipping what cannot be one. */
    private static List<KeyFile> read(Path keys) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(keys)) {
            stream.forEach(files::add);
        }
        List<KeyFile> parsed = new ArrayList<>();
        for (Path file : files) {
            if (Files.isRegularFile(file) && Files.size(file) <= MAX_KEY_FILE) {
                try {
                    parsed.add(KeyFile.parse(Files.readAllBytes(file), "keys/" + file.getFileName()));
                } catch (IOException | RuntimeException e) {
                    // unreadable or not a key file: the command's open skips it too
                }
            }
        }
        return parsed;
    }

    /** The keys directory of the local repository the arguments or the environment name, or null. */
    static @Nullable Path keysDirectory(CliEnvironment environment, String... args) {
        String location = value(args, "-r", "--repo");
        if (location == null) {
            location = environment.firstEnv("HOLDFAST_REPOSITORY", "RESTIC_REPOSITORY");
        }
        Path directory = location == null ? null : Locations.localDirectory(location);
        if (directory == null) {
            return null;
        }
        Path keys = directory.resolve("keys");
        return Files.isDirectory(keys) ? keys : null;
    }

    /**
     * The password the command will use, when it comes from a file or the environment; else null. The order is the
     * command's own ({@link PasswordSource#of}), read from the raw arguments since picocli has not parsed them yet.
     */
    static @Nullable String password(CliEnvironment environment, String... args) {
        String file = value(args, "-p", "--password-file");
        String command = value(args, "--password-command", "--password-command");
        try {
            return PasswordSource.of(file == null ? null : Path.of(file), command, environment)
                    .givenWithoutCommand();
        } catch (RuntimeException e) { // a path that is not one: the command reports it
            return null;
        }
    }

    /**
     * The value of the option {@code shortName}/{@code longName} in {@code args} (the last one given, as picocli takes
     * it), before any {@code --}: {@code -r X}, {@code -rX}, {@code --repo X} or {@code --repo=X}; else null.
     */
    static @Nullable String value(String[] args, String shortName, String longName) {
        String value = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                break;
            }
            if (a.equals(shortName) || a.equals(longName)) {
                value = i + 1 < args.length ? args[++i] : null;
            } else if (a.startsWith(longName + "=")) {
                value = a.substring(longName.length() + 1);
            } else if (shortName.length() == 2 && !a.startsWith("--") && a.startsWith(shortName) && a.length() > 2) {
                value = a.substring(2);
            }
        }
        return value;
    }
}

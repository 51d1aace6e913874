package io.holdfast.cli.commands;

import io.holdfast.cli.CliException;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.cli.PasswordSource;
import io.holdfast.promptlog.LocalKeyStore;
import io.holdfast.repository.Executors2;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** {@code --keystore} and {@code --keystore-password-file}: where the prompt-log subject keys live. */
final class KeyStoreOptions {
    @Option(
            names = "--keystore",
            paramLabel = "PATH",
            description = "Subject key store of prompt logs (env: HOLDFAST_KEYSTORE; default: "
                    + "$XDG_CONFIG_HOME/holdfast/keystore, else ~/.config/holdfast/keystore).")
    @Nullable
    Path path;

    @Option(
            names = "--keystore-password-file",
            paramLabel = "FILE",
            description = "Read the key store's password from FILE (env: HOLDFAST_KEYSTORE_PASSWORD_FILE, "
                    + "HOLDFAST_KEYSTORE_PASSWORD; default: the repository password).")
    @Nullable
    Path passwordFile;

    /** The key store's path from the option, the environment or the default. */
    Path resolve(GlobalOptions g) {
        if (path != null) {
            return path;
        }
        String env = g.environment().firstEnv("HOLDFAST_KEYSTORE");
        if (env != null) {
            return Path.of(env);
        }
        String xdg = g.environment().firstEnv("XDG_CONFIG_HOME");
        Path base = xdg != null
                ? Path.of(xdg)
                : Path.of(g.environment().env().getOrDefault("HOME", System.getProperty("user.home")), ".config");
        return base.resolve("holdfast").resolve("keystore");
    }

    char[] password(GlobalOptions g) {
        Path file = passwordFile;
        if (file == null) {
            String env = g.environment().firstEnv("HOLDFAST_KEYSTORE_PASSWORD_FILE");
            file = env == null ? null : Path.of(env);
        }
        String envPassword = g.environment().firstEnv("HOLDFAST_KEYSTORE_PASSWORD");
        if (file == null && envPassword == null) {
            return g.passwords().password().toCharArray();
        }
        return new PasswordSource(
                        file, null, envPassword, g.environment().terminal(), PasswordSource.DEFAULT_COMMAND_TIMEOUT)
                .password("enter key store password: ")
                .toCharArray();
    }

    /** Opens the key store, creating it if {@code create}; reports erasures it had to re-apply. */
    LocalKeyStore open(GlobalOptions g, boolean create) throws IOException {
        Path p = checked(g, create);
        return reported(g, p, LocalKeyStore.open(p, password(g), create, Clock.systemUTC()));
    }

    /** The key store's path; fails unless it exists or may be created. */
    private Path checked(GlobalOptions g, boolean create) {
        Path p = resolve(g);
        if (!create && !Files.exists(p)) {
            throw CliException.fatal("no key store at " + p + ": give --keystore or HOLDFAST_KEYSTORE");
        }
        return p;
    }

    /** {@code ks}, after warning about the erasures its opening had to re-apply. */
    private static LocalKeyStore reported(GlobalOptions g, Path p, LocalKeyStore ks) {
        if (!ks.reapplied().isEmpty()) {
            g.output()
                    .warn("key store " + p + ": re-applied " + ks.reapplied().size()
                            + " erasure(s) from the ledger (an older key store was restored)");
        }
        return ks;
    }

    /** A key store being opened on another thread. */
    interface Opening {
        /** Waits for the key store; throws what opening it threw. */
        LocalKeyStore get() throws IOException;
    }

    /**
     * Like {@link #open}, but derives the key store's key (scrypt) on another thread, beside the repository's: the
     * password is read here first, so a prompt never runs beside another.
     */
    Opening openInBackground(GlobalOptions g, boolean create) {
        Path p = checked(g, create);
        char[] password = password(g);
        java.util.concurrent.FutureTask<LocalKeyStore> task =
                new java.util.concurrent.FutureTask<>(() -> LocalKeyStore.open(p, password, create, Clock.systemUTC()));
        Thread.ofPlatform().daemon().name("holdfast-keystore").start(task);
        return () -> {
            return reported(g, p, Executors2.await(task));
        };
    }

    /** The key store if its file exists, else null. */
    @Nullable
    LocalKeyStore openIfExists(GlobalOptions g) throws IOException {
        return Files.exists(resolve(g)) ? open(g, false) : null;
    }
}

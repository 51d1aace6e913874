package io.holdfast.promptlog;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The key store's own backups, with short retention: copies of the encrypted file named {@code
 * keystore-YYYYMMDDTHHMMSSZ.hfks} in a directory. A key destroyed by an erasure survives only in backups younger
 * than the retention; restoring one re-applies the ledger, so the erasure holds.
 */
public final class KeyStoreBackups {
    private static final DateTimeFormatter NAME =
            DateTimeFormatter.ofPattern("'keystore-'yyyyMMdd'T'HHmmss'Z.hfks'").withZone(ZoneOffset.UTC);

    private KeyStoreBackups() {}

    /**
     * What a backup did.
     *
     * @param file the new copy
     * @param removed copies older than the retention, overwritten and deleted
     */
    public record Result(Path file, List<Path> removed) {
        public Result {
            removed = List.copyOf(removed);
        }
    }

    /** Copies the key store into {@code dir} and removes copies older than {@code retention}. */
    public static Result backup(Path keystore, Path dir, Duration retention, Clock clock) throws IOException {
        Files.createDirectories(dir);
        Instant now = clock.instant();
        Path file = dir.resolve(NAME.format(now));
        KeyStoreFiles.replace(file, Files.readAllBytes(keystore));
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "keystore-*.hfks")) {
            for (Path p : ds) {
                Instant t;
                try {
                    t = java.time.ZonedDateTime.parse(p.getFileName().toString(), NAME.withZone(ZoneOffset.UTC))
                            .toInstant();
                } catch (DateTimeParseException e) {
                    continue;
                }
                if (t.isBefore(now.minus(retention))) {
                    KeyStoreFiles.shredAndDelete(p);
                    removed.add(p);
                }
            }
        }
        return new Result(file, removed);
    }

    /**
     * Puts a backed-up key store in place of the current one (the password must open it) and opens it, which
     * re-applies every erasure of the ledger made since the backup.
     */
    public static LocalKeyStore restore(Path backup, Path keystore, char[] password, Clock clock) throws IOException {
        byte[] file = Files.readAllBytes(backup);
        KeyStoreFiles.decrypt(file, KeyStoreFiles.kdf(file, password));
        KeyStoreFiles.replace(keystore, file);
        return LocalKeyStore.open(keystore, password, false, clock);
    }
}

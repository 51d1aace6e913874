package io.holdfast.cli.commands;

import io.holdfast.cli.CliException;
import io.holdfast.cli.ExitCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** File chores of the quickstart: the password file, the byte comparison, clean-up. */
public final class QuickstartFiles {
    private QuickstartFiles() {}

    /** Reads the password file, creating it (mode 0600) with a random password if absent. */
    static String password(Path file) throws IOException {
        if (!Files.exists(file)) {
            byte[] b = new byte[24];
            new SecureRandom().nextBytes(b);
            String pw = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, pw + "\n", StandardCharsets.UTF_8);
        }
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }

    /** Fails unless every regular file below {@code expected} exists below {@code actual} with the same bytes. */
    static void assertIdentical(Path expected, Path actual) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(expected)) {
            s.filter(Files::isRegularFile).forEach(files::add);
        }
        for (Path f : files) {
            Path other = actual.resolve(expected.relativize(f).toString());
            if (!Files.isRegularFile(other) || Files.mismatch(f, other) != -1) {
                throw new CliException(ExitCode.FATAL, "verification failed: " + other + " differs from " + f);
            }
        }
    }

    /** Deletes {@code root} and everything under it (links themselves, not what they point to). */
    public static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

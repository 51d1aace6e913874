package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.client.Holdfast;
import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.RestoreOptions;
import io.holdfast.engine.RestoreResult;
import io.holdfast.format.Id;
import io.holdfast.repository.RepositoryOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What the crash, concurrency and full-disk tests verify after each trial: {@code check --read-data} found no error
 * (only warnings of the kinds a crash may leave), and every snapshot restores byte-identically. Restores run in this
 * JVM through the client facade, which is much faster than a process per snapshot.
 */
final class Survival {
    /** Warnings a crash may leave and that lose nothing: packs no index names yet, locks of dead processes. */
    static final List<String> HARMLESS_WARNINGS = List.of("not referenced in any index", ": stale (PID ");

    private Survival() {}

    /** Asserts that {@code check} exited 0 with nothing on stderr but harmless warnings; returns the warnings. */
    static List<String> assertCheckClean(CliProcess.Result check, String context) {
        assertThat(check.exit())
                .as("check exit code, %s; stderr:%n%s", context, check.err())
                .isZero();
        assertThat(check.out()).as(context).contains("no errors were found");
        List<String> warnings = check.err().lines().filter(l -> !l.isBlank()).toList();
        assertThat(warnings)
                .as("check stderr, %s", context)
                .allMatch(l ->
                        l.startsWith("warning: ") && HARMLESS_WARNINGS.stream().anyMatch(l::contains));
        return warnings;
    }

    static Holdfast open(Path repo, String password) throws IOException {
        return Holdfast.open(repo.toString(), password, RepositoryOptions.DEFAULTS, false);
    }

    /** The ids of the snapshots in the repository, oldest first. */
    static List<String> snapshots(Holdfast h) throws IOException {
        return h.snapshots().stream().map(r -> r.id().hex()).toList();
    }

    /**
     * Restores directory {@code dir} of every snapshot in {@code expected} and compares it with the description
     * taken when the snapshot was made.
     */
    static void assertRestores(
            Holdfast h, Map<String, Map<String, String>> expected, Path dir, Path scratch, String context)
            throws IOException {
        for (Map.Entry<String, Map<String, String>> e : expected.entrySet()) {
            Path target = scratch.resolve("restore-" + e.getKey().substring(0, 8));
            RestoreResult r = h.restore(e.getKey() + ":" + dir, target, RestoreOptions.DEFAULTS, BackupProgress.NONE);
            assertThat(r.errors()).as("restore %s, %s", e.getKey(), context).isEmpty();
            assertThat(describe(target))
                    .as("snapshot %s restored, %s", e.getKey(), context)
                    .isEqualTo(e.getValue());
            deleteTree(target);
        }
    }

    /** The id of the snapshot a {@code --json backup} wrote: its last line's {@code snapshot_id}. */
    static String snapshotId(CliProcess.Result backup) {
        String[] lines = backup.out().strip().split("\n");
        String last = lines[lines.length - 1];
        int at = last.indexOf("\"snapshot_id\":\"");
        assertThat(at).as("backup summary: %s", backup.out()).isNotNegative();
        return Id.parse(last.substring(at + 15, at + 15 + 64)).hex();
    }

    /** Relative path to type, mode, content hash and (for files) mtime, for comparing trees. */
    static Map<String, String> describe(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        List<Path> all;
        try (Stream<Path> s = Files.walk(root)) {
            all = s.filter(p -> !p.equals(root)).toList();
        }
        for (Path p : all) {
            String d;
            if (Files.isSymbolicLink(p)) {
                d = "link->" + Files.readSymbolicLink(p);
            } else if (Files.isDirectory(p)) {
                d = "dir " + PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
            } else {
                d = "file " + PosixFilePermissions.toString(Files.getPosixFilePermissions(p)) + " "
                        + Id.hash(Files.readAllBytes(p)).hex() + " "
                        + Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS)
                                .toInstant();
            }
            out.put(root.relativize(p).toString(), d);
        }
        return out;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> s = Files.walk(root)) {
            all = new ArrayList<>(s.sorted(Comparator.reverseOrder()).toList());
        }
        for (Path p : all) {
            Files.delete(p);
        }
    }
}

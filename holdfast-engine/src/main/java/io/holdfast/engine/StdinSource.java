package io.holdfast.engine;

import io.holdfast.format.Id;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.NodeType;
import io.holdfast.format.tree.Tree;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The input of {@code backup --stdin} and {@code --stdin-from-command}: one file in the snapshot's root, read from
 * standard input or from a command's standard output (e.g. {@code pg_dump}). A command that exits with a non-zero
 * status fails the backup, so a truncated dump never becomes a snapshot.
 */
final class StdinSource {
    private static final int FILE_MODE = 0644;

    private final FileSaver fileSaver;
    private final BackupStats stats;
    private final Clock clock;

    StdinSource(FileSaver fileSaver, BackupStats stats, Clock clock) {
        this.fileSaver = fileSaver;
        this.stats = stats;
        this.clock = clock;
    }

    Tree tree(String name, List<String> command, @Nullable InputStream input) throws IOException {
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("--stdin-filename must be a plain file name, not '" + name + "'");
        }
        FileSaver.Pending pending;
        if (input != null) {
            pending = fileSaver.start(input);
        } else if (command.isEmpty()) {
            pending = fileSaver.start(System.in);
        } else {
            Process proc = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .start();
            try (InputStream in = proc.getInputStream()) {
                pending = fileSaver.start(in);
            }
            int status;
            try {
                status = proc.waitFor();
            } catch (InterruptedException e) {
                proc.destroy();
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for " + command.get(0));
            }
            if (status != 0) {
                throw new IOException("command '" + String.join(" ", command) + "' exited with status " + status
                        + "; no snapshot was written");
            }
        }
        List<Id> content = pending.await();
        stats.filesNew.increment();
        stats.filesProcessed.increment();
        OffsetDateTime now = OffsetDateTime.now(clock);
        Node node = Node.builder()
                .name(name)
                .type(NodeType.FILE)
                .mode(FILE_MODE)
                .mtime(now)
                .atime(now)
                .ctime(now)
                .uid(Hosts.uid())
                .gid(Hosts.gid())
                .user(System.getProperty("user.name", ""))
                .size(pending.bytes())
                .content(content)
                .build();
        return Tree.of(List.of(node));
    }
}

package io.holdfast.engine;

import io.holdfast.format.chunker.ChunkerSpec;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.Tree;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.OffsetDateTime;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One file in the snapshot's root read from a stream: standard input ({@code backup --stdin}), a command's standard
 * output ({@code --stdin-from-command}, e.g. {@code pg_dump}), or a stream handed in by another source (the prompt
 * log's envelope). A command that exits with a non-zero status fails the backup, so a truncated dump never becomes a
 * snapshot.
 */
public final class StdinSource implements BackupSource {
    private static final int FILE_MODE = 0644;

    private final String name;
    private final List<String> command;
    private final @Nullable InputStream input;
    private final @Nullable ChunkerSpec chunker;
    private final SourceContext.Content prefix;
    private volatile SourceContext.@Nullable Content stored;

    private StdinSource(
            String name,
            List<String> command,
            @Nullable InputStream input,
            @Nullable ChunkerSpec chunker,
            SourceContext.Content prefix) {
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("--stdin-filename must be a plain file name, not '" + name + "'");
        }
        this.name = name;
        this.command = List.copyOf(command);
        this.input = input;
        this.chunker = chunker;
        this.prefix = prefix;
    }

    /** Standard input, or the output of {@code command} when it is not empty. */
    public static StdinSource of(String name, List<String> command) {
        return new StdinSource(name, command, null, null, NONE);
    }

    /** The bytes of {@code input}, cut with {@code chunker} (null for the repository's). */
    public static StdinSource stream(String name, InputStream input, @Nullable ChunkerSpec chunker) {
        return new StdinSource(name, List.of(), input, chunker, NONE);
    }

    /**
     * A file whose content is {@code prefix} (blobs already in the repository, ending at a chunk boundary) followed by
     * the bytes of {@code input}, cut with {@code chunker}: a stream that continues a file of an earlier snapshot.
     */
    public static StdinSource continued(
            String name, SourceContext.Content prefix, InputStream input, @Nullable ChunkerSpec chunker) {
        return new StdinSource(name, List.of(), input, chunker, prefix);
    }

    /** The content of the file in the snapshot, once {@link #build} has run. */
    public SourceContext.@Nullable Content content() {
        return stored;
    }

    private static final SourceContext.Content NONE = new SourceContext.Content(List.of(), 0);

    @Override
    public List<String> paths() {
        return List.of("/" + name);
    }

    @Override
    public boolean incremental() {
        return false; // a stream is read whole whatever the parent holds
    }

    @Override
    public @Nullable ChunkerSpec chunker() {
        return chunker;
    }

    @Override
    public Tree build(SourceContext ctx, @Nullable Tree parentRoot) throws IOException {
        SourceContext.Content content;
        if (input != null) {
            content = ctx.store(input);
        } else if (command.isEmpty()) {
            content = ctx.store(System.in);
        } else {
            content = fromCommand(ctx);
        }
        if (!prefix.blobs().isEmpty()) {
            List<io.holdfast.format.Id> blobs = new java.util.ArrayList<>(prefix.blobs());
            blobs.addAll(content.blobs());
            content = new SourceContext.Content(blobs, prefix.size() + content.size());
        }
        stored = content;
        ctx.counted("/" + name, BackupProgress.FileStatus.NEW, content.size());
        OffsetDateTime now = OffsetDateTime.now(ctx.clock());
        Node node = ctx.fileNode(name, content, FILE_MODE, now);
        return Tree.of(List.of(node));
    }

    private SourceContext.Content fromCommand(SourceContext ctx) throws IOException {
        Process proc = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.INHERIT)
                .start();
        SourceContext.Content content;
        try (InputStream in = proc.getInputStream()) {
            content = ctx.store(in);
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
        return content;
    }
}

package io.holdfast.engine;

import io.holdfast.format.chunker.ChunkerSpec;
import io.holdfast.format.tree.Tree;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a backup reads: the local file tree, standard input or a command's output, a prompt log's envelope, a
 * PostgreSQL cluster, an object store. The {@link Archiver} runs the hooks, finds the parent, hands the source a
 * {@link SourceContext} to store content and trees through, and writes the snapshot; a source only builds the
 * snapshot's root tree (as restic's {@code fs.FS} and rustic's {@code ReadSource} separate reading from archiving).
 */
public interface BackupSource {
    /** The snapshot's {@code paths}, as restic records them; asked after {@code --pre} ran. */
    List<String> paths() throws IOException;

    /**
     * Whether the latest snapshot with the same host and paths is looked up as the parent and handed to {@link
     * #build}, so unchanged content need not be read again.
     */
    default boolean incremental() {
        return true;
    }

    /** Exclude patterns to record in the snapshot ({@code excludes}); empty for none. */
    default List<String> excludePatterns() {
        return List.of();
    }

    /** Tags the source adds to the snapshot's own (asked after {@link #build}, so they may describe what it read). */
    default List<String> tags() {
        return List.of();
    }

    /** The chunker for this source's content; null for the repository's own. */
    default @Nullable ChunkerSpec chunker() {
        return null;
    }

    /**
     * Reads the source and returns the snapshot's root tree, with every blob it references stored through {@code
     * ctx}; {@code parentRoot} is the parent snapshot's root tree when {@link #incremental} and one was found.
     */
    Tree build(SourceContext ctx, @Nullable Tree parentRoot) throws IOException;
}

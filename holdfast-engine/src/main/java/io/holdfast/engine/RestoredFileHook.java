package io.holdfast.engine;

import io.holdfast.engine.fs.FsPath;
import io.holdfast.engine.fs.LocalFs;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Called for each restored regular file after its content is written and before its metadata (mode, times) is set;
 * may rewrite the file in place (the prompt-log source turns envelope files back into logs this way).
 */
@FunctionalInterface
public interface RestoredFileHook {
    RestoredFileHook NONE = new RestoredFileHook() {
        @Override
        public boolean restored(LocalFs fs, FsPath file, byte @Nullable [] head) {
            return false;
        }

        @Override
        public int headLength() {
            return 0;
        }
    };

    /**
     * Returns true if the file was rewritten (then {@code --verify} skips it: it no longer equals the snapshot).
     *
     * @param head the file's first bytes as the restore wrote them, {@link #headLength()} of them or all of a shorter
     *     file; null when the restore did not keep them (the hook reads the file if it needs them)
     */
    boolean restored(LocalFs fs, FsPath file, byte @Nullable [] head) throws IOException;

    /**
     * How many of each file's first bytes the hook looks at; the restore keeps them as it writes, so that the hook
     * need not open every file again to tell whether it is one of its own (0: the hook is never called).
     */
    default int headLength() {
        return 16;
    }
}

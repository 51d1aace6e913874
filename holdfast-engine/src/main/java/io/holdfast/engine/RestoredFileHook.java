package io.holdfast.engine;

import io.holdfast.engine.fs.FsPath;
import io.holdfast.engine.fs.LocalFs;
import java.io.IOException;

/**
 * Called for each restored regular file after its content is written and before its metadata (mode, times) is set;
 * may rewrite the file in place (the prompt-log source turns envelope files back into logs this way).
 */
@FunctionalInterface
public interface RestoredFileHook {
    RestoredFileHook NONE = (fs, p) -> false;

    /** Returns true if the file was rewritten (then {@code --verify} skips it: it no longer equals the snapshot). */
    boolean restored(LocalFs fs, FsPath file) throws IOException;
}

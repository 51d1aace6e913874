package io.holdfast.engine;

import io.holdfast.engine.fs.FsPath;
import io.holdfast.format.tree.Node;
import org.jspecify.annotations.Nullable;

/**
 * One object to restore: where it belongs ({@code path}) and, when something that {@code --overwrite} replaces stands
 * there, the temporary name in the same directory it is written under first and then renamed from, so that the
 * existing object is replaced atomically and never written through (an existing hard link's other names keep their
 * content). Identity is the object's: each job is one place in the restore.
 */
final class RestoreJob {
    private final FsPath path;
    private final Node node;
    private final @Nullable FsPath temp;
    private volatile boolean completed;
    private volatile byte @Nullable [] head;

    RestoreJob(FsPath path, Node node, @Nullable FsPath temp) {
        this.path = path;
        this.node = node;
        this.temp = temp;
    }

    FsPath path() {
        return path;
    }

    Node node() {
        return node;
    }

    @Nullable
    FsPath temp() {
        return temp;
    }

    /** Where the content is written. */
    FsPath writePath() {
        return temp != null ? temp : path;
    }

    /** Whether the object is complete under its own name. */
    boolean completed() {
        return completed;
    }

    void markCompleted() {
        completed = true;
    }

    /**
     * The file's first bytes as restored (up to {@link RestoredFileHook#headLength()}), or null when the restore did
     * not keep them (then the hook reads the file).
     */
    byte @Nullable [] head() {
        return head;
    }

    void head(byte @Nullable [] first) {
        head = first;
    }
}

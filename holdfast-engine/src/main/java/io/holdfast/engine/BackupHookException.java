package io.holdfast.engine;

import java.io.IOException;
import java.util.List;

/** The {@code --pre} command failed: nothing was read and no snapshot was written ({@code --post} has run). */
public final class BackupHookException extends IOException {
    private final transient List<BackupHooks.Result> results;

    public BackupHookException(String message, List<BackupHooks.Result> results) {
        super(message);
        this.results = List.copyOf(results);
    }

    /** What each command that ran did. */
    public List<BackupHooks.Result> results() {
        return results;
    }
}

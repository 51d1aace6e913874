package io.holdfast.engine;

import java.util.List;

/**
 * How to restore. Defaults in {@link #DEFAULTS}.
 *
 * @param includes restore only paths matching these patterns (and the directories leading to them)
 * @param excludes do not restore paths matching these patterns
 * @param overwrite replace files that exist in the target already
 * @param verify read every restored file back and compare it with the snapshot
 */
public record RestoreOptions(List<String> includes, List<String> excludes, boolean overwrite, boolean verify) {
    public static final RestoreOptions DEFAULTS = new RestoreOptions(List.of(), List.of(), false, false);

    public RestoreOptions {
        includes = List.copyOf(includes);
        excludes = List.copyOf(excludes);
    }

    public RestoreOptions withOverwrite(boolean b) {
        return new RestoreOptions(includes, excludes, b, verify);
    }

    public RestoreOptions withVerify(boolean b) {
        return new RestoreOptions(includes, excludes, overwrite, b);
    }
}

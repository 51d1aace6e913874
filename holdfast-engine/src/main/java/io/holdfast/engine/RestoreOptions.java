package io.holdfast.engine;

import java.util.List;
import java.util.Locale;

/**
 * How to restore. Defaults in {@link #DEFAULTS}; filled alike from CLI flags, config files and REST JSON.
 *
 * @param includes restore only paths matching these patterns (and the directories leading to them)
 * @param excludes do not restore paths matching these patterns
 * @param overwrite what to do with an object that exists in the target where the snapshot has one
 * @param verify read every restored file back and compare it with the snapshot
 * @param sparse write runs of zeros as holes (restic's {@code --sparse})
 */
public record RestoreOptions(
        List<String> includes, List<String> excludes, Overwrite overwrite, boolean verify, boolean sparse) {
    public static final RestoreOptions DEFAULTS =
            new RestoreOptions(List.of(), List.of(), Overwrite.NEVER, false, false);

    /**
     * restic 0.16's {@code --overwrite} choices. Holdfast's default is {@link #NEVER}: nothing that exists in the target
     * is removed, replaced or written through unless the user asks for it (restic's default is {@link #ALWAYS}).
     */
    public enum Overwrite {
        /** Keep every existing object; report it as skipped. */
        NEVER,
        /** Replace existing objects (a non-empty directory is never removed). */
        ALWAYS,
        /** As {@link #ALWAYS}, but a file whose content already equals the snapshot's only gets its metadata. */
        IF_CHANGED,
        /** Replace an existing object only if the snapshot's is newer (by modification time). */
        IF_NEWER;

        /** The value of {@code --overwrite}: {@code always}, {@code if-changed}, {@code if-newer} or {@code never}. */
        public static Overwrite parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "always", "true" -> ALWAYS;
                case "if-changed" -> IF_CHANGED;
                case "if-newer" -> IF_NEWER;
                case "never", "false" -> NEVER;
                default ->
                    throw new IllegalArgumentException("invalid overwrite behavior '" + s
                            + "', must be one of always, if-changed, if-newer, never");
            };
        }

        /** The flag value, e.g. {@code if-changed}. */
        public String flag() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public RestoreOptions {
        includes = List.copyOf(includes);
        excludes = List.copyOf(excludes);
    }

    /** {@code true}: {@link Overwrite#ALWAYS}; {@code false}: {@link Overwrite#NEVER}. */
    public RestoreOptions withOverwrite(boolean b) {
        return withOverwrite(b ? Overwrite.ALWAYS : Overwrite.NEVER);
    }

    public RestoreOptions withOverwrite(Overwrite o) {
        return new RestoreOptions(includes, excludes, o, verify, sparse);
    }

    public RestoreOptions withVerify(boolean b) {
        return new RestoreOptions(includes, excludes, overwrite, b, sparse);
    }

    public RestoreOptions withSparse(boolean b) {
        return new RestoreOptions(includes, excludes, overwrite, verify, b);
    }
}

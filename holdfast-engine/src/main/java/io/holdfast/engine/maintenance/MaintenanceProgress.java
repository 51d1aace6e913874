package io.holdfast.engine.maintenance;

/**
 * What a running maintenance operation reports: the phase it is in, the work done (in bytes) against a total, and
 * lines worth telling the user (a pack removed, a file repaired). Called from several threads; every method has a
 * no-op default.
 */
public interface MaintenanceProgress {
    /** Does nothing. */
    MaintenanceProgress NONE = new MaintenanceProgress() {};

    /** A new phase starts, e.g. {@code finding used blobs}. */
    default void phase(String description) {}

    /** Adds {@code bytes} to the work of the current phase. */
    default void total(long bytes) {}

    /** {@code bytes} of work were done. */
    default void done(long bytes) {}

    /** A line for the user about one object, e.g. {@code removed missing content of /a/b}. */
    default void message(String line) {}
}

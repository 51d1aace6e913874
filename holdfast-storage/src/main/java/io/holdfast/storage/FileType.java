package io.holdfast.storage;

/**
 * The kinds of files a repository stores, with the directory each lives in. The names are restic's, so that a
 * repository written by Holdfast has the layout restic expects.
 */
public enum FileType {
    /** The repository's single encrypted configuration file, {@code config}. */
    CONFIG("config"),
    /** Key files, {@code keys/<id>}: the master key wrapped by a password. */
    KEY("keys"),
    /** Lock files, {@code locks/<id>}. */
    LOCK("locks"),
    /** Snapshot files, {@code snapshots/<id>}. */
    SNAPSHOT("snapshots"),
    /** Index files, {@code index/<id>}. */
    INDEX("index"),
    /** Pack files, {@code data/<first two hex digits>/<id>}. */
    PACK("data"),
    /**
     * Holdfast's legal-hold records, {@code holdfast/holds/<id>} (docs/design.md §2.3): encrypted like snapshots, in a
     * directory restic does not look at. Created on first use, not by {@code init}.
     */
    HOLD("holdfast/holds");

    private final String directory;

    FileType(String directory) {
        this.directory = directory;
    }

    /** The directory (or, for {@link #CONFIG}, the file name) below the repository root. */
    public String directory() {
        return directory;
    }
}

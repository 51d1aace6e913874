package io.holdfast.repository;

import io.holdfast.format.Compression;
import io.holdfast.format.crypto.KeyFile;

/**
 * How a repository is opened and written. Defaults live in {@link #DEFAULTS}; the CLI, config files and the REST API
 * fill the same record.
 *
 * @param compression blob compression (format v2 only)
 * @param packSize target pack size in bytes
 * @param connections concurrent backend requests
 * @param kdf scrypt parameters for new keys
 * @param workers threads for CPU work (hashing, compressing, encrypting)
 */
public record RepositoryOptions(
        Compression compression, int packSize, int connections, KeyFile.KdfParams kdf, int workers) {

    /** Target pack size: 16 MiB, as restic 0.16+. */
    public static final int DEFAULT_PACK_SIZE = 16 << 20;

    public static final RepositoryOptions DEFAULTS = new RepositoryOptions(
            Compression.AUTO,
            DEFAULT_PACK_SIZE,
            4,
            KeyFile.DEFAULT_KDF,
            Math.max(2, Runtime.getRuntime().availableProcessors()));

    public RepositoryOptions {
        if (packSize < (1 << 20) || packSize > (128 << 20)) {
            throw new IllegalArgumentException("pack size must be between 1 and 128 MiB");
        }
        if (connections < 1 || workers < 1) {
            throw new IllegalArgumentException("connections and workers must be positive");
        }
    }

    public RepositoryOptions withCompression(Compression c) {
        return new RepositoryOptions(c, packSize, connections, kdf, workers);
    }

    public RepositoryOptions withPackSize(int bytes) {
        return new RepositoryOptions(compression, bytes, connections, kdf, workers);
    }

    public RepositoryOptions withKdf(KeyFile.KdfParams k) {
        return new RepositoryOptions(compression, packSize, connections, k, workers);
    }

    public RepositoryOptions withWorkers(int n) {
        return new RepositoryOptions(compression, packSize, connections, kdf, n);
    }
}

package io.holdfast.cli.commands;

import io.holdfast.cli.GlobalOptions;
import io.holdfast.client.Holdfast;
import io.holdfast.format.Compression;
import io.holdfast.repository.RepositoryOptions;
import java.io.IOException;

/** Opens repositories the way the global options say. */
final class Repos {
    private Repos() {}

    /** The repository options the global flags select. */
    static RepositoryOptions options(GlobalOptions g) {
        return RepositoryOptions.DEFAULTS
                .withCompression(Compression.valueOf(g.compression().name()))
                .withPackSize(g.packSizeMiB() << 20);
    }

    /** Opens the repository given by {@code -r} with the password from the usual sources. */
    static Holdfast open(GlobalOptions g) throws IOException {
        String location = g.requireRepository();
        String password = g.passwords().password();
        java.time.Instant asOf = g.asOf();
        if (asOf != null) {
            return io.holdfast.client.Recovery.open(location, g.storageEnvironment(), password, options(g), asOf);
        }
        return Holdfast.open(location, g.storageEnvironment(), password, options(g), g.noLock())
                .retryLock(g.retryLock());
    }
}

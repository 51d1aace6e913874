package io.holdfast.engine;

import io.holdfast.format.FormatJson;
import io.holdfast.format.crypto.KeyFile;
import io.holdfast.repository.Repository;
import io.holdfast.repository.RepositoryOptions;
import io.holdfast.storage.local.LocalBackend;
import java.io.IOException;
import java.nio.file.Path;

/** A real local repository for engine tests: password {@code pw}, a cheap scrypt, its index loaded. */
public final class TestRepositories {
    private TestRepositories() {}

    /** Creates a repository in {@code dir} and opens it. */
    public static Repository init(Path dir) throws IOException {
        Repository repo = Repository.init(
                LocalBackend.open(dir),
                "pw",
                2,
                RepositoryOptions.DEFAULTS.withKdf(new KeyFile.KdfParams(1 << 12, 8, 1)),
                FormatJson.mapper().createObjectNode());
        repo.loadIndex();
        return repo;
    }
}

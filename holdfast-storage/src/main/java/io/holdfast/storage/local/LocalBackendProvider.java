package io.holdfast.storage.local;

import io.holdfast.storage.Backend;
import io.holdfast.storage.BackendProvider;
import java.nio.file.Path;
import java.util.Map;

/** {@code local:/path}, or a plain path: a repository in a directory of this machine. */
public final class LocalBackendProvider implements BackendProvider {
    @Override
    public String scheme() {
        return "local";
    }

    @Override
    public String example() {
        return "/path or local:/path";
    }

    @Override
    public Backend open(String location, Map<String, String> environment) {
        String path = location.substring("local:".length());
        if (path.isEmpty()) {
            throw new IllegalArgumentException("local: needs a path, e.g. local:/srv/backup");
        }
        return LocalBackend.open(Path.of(path).toAbsolutePath().normalize());
    }
}

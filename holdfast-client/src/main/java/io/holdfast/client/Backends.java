package io.holdfast.client;

import io.holdfast.storage.Backend;
import io.holdfast.storage.RetryingBackend;
import io.holdfast.storage.local.LocalBackend;
import java.io.IOException;
import java.nio.file.Path;

/** Turns a repository location string into a backend: {@code /path}, {@code local:/path}. */
public final class Backends {
    private Backends() {}

    /** Opens the backend for {@code location}, wrapped in retries. */
    public static Backend open(String location) throws IOException {
        if (location.isBlank()) {
            throw new IllegalArgumentException("no repository given: use -r/--repo or set HOLDFAST_REPOSITORY");
        }
        String loc = location;
        if (loc.startsWith("local:")) {
            loc = loc.substring("local:".length());
        } else if (loc.matches("^[a-z0-9]+:.*") && !loc.matches("^[A-Za-z]:\\\\.*")) {
            String scheme = loc.substring(0, loc.indexOf(':'));
            throw new IllegalArgumentException(
                    "repository type '" + scheme + "' is not supported yet; use a local path");
        }
        Path p = Path.of(loc).toAbsolutePath().normalize();
        return RetryingBackend.wrap(LocalBackend.open(p));
    }
}

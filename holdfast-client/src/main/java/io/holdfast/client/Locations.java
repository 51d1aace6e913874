package io.holdfast.client;

import io.holdfast.storage.BackendRegistry;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** Repository locations, read without opening a backend (nor loading the backend providers). */
public final class Locations {
    private Locations() {}

    /** The directory of a local repository location ({@code /path} or {@code local:/path}); null for another kind. */
    public static @Nullable Path localDirectory(String location) {
        if (location.isBlank() || !BackendRegistry.schemeOf(location).equals("local")) {
            return null;
        }
        String path = location.regionMatches(true, 0, "local:", 0, 6) ? location.substring(6) : location;
        try {
            return Path.of(path);
        } catch (InvalidPathException e) {
            return null;
        }
    }
}

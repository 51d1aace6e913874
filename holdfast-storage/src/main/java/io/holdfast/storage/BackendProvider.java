package io.holdfast.storage;

import java.io.IOException;
import java.util.Map;

/**
 * Opens backends of one location scheme ({@code local}, {@code s3}, ...): the registry ({@link BackendRegistry})
 * finds providers with {@link java.util.ServiceLoader}, so a new backend is its own package and one line in {@code
 * META-INF/services/io.holdfast.storage.BackendProvider}.
 */
public interface BackendProvider {
    /** The scheme before the first colon of a location, lower case: {@code s3} for {@code s3:host/bucket}. */
    String scheme();

    /** One example location, for messages that list what is supported ({@code s3:https://host/bucket/prefix}). */
    String example();

    /**
     * Opens the backend at {@code location} (with its scheme) without creating anything.
     *
     * @param environment the process environment (credentials, options), passed in so tests can give their own
     * @throws IllegalArgumentException if the location is malformed; the message says what is expected
     */
    Backend open(String location, Map<String, String> environment) throws IOException;
}

package io.holdfast.storage.s3;

import io.holdfast.storage.Backend;
import io.holdfast.storage.BackendProvider;
import java.util.Map;

/** Opens {@code s3:} locations (restic's syntax, see {@link S3Location}). */
public final class S3BackendProvider implements BackendProvider {
    @Override
    public String scheme() {
        return "s3";
    }

    @Override
    public String example() {
        return "s3:https://host/bucket/prefix";
    }

    @Override
    public Backend open(String location, Map<String, String> environment) {
        return open(location, environment, java.time.Clock.systemUTC());
    }

    /** Opens a backend whose locks are dated by {@code clock}. */
    Backend open(String location, Map<String, String> environment, java.time.Clock clock) {
        S3Location where = S3Location.parse(location);
        S3Settings settings = S3Settings.from(environment);
        return new S3Backend(
                where,
                S3Clients.create(where, settings, environment),
                settings.connections(),
                settings.dataStorageClass(),
                clock);
    }
}

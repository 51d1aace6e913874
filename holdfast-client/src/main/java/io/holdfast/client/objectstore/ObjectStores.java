package io.holdfast.client.objectstore;

import io.holdfast.client.Holdfast;
import io.holdfast.engine.BackupOptions;
import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.BackupResult;
import io.holdfast.engine.RestoreOptions;
import io.holdfast.engine.RestoreResult;
import io.holdfast.engine.SnapshotFilter;
import io.holdfast.engine.Snapshots;
import io.holdfast.storage.s3.S3Clients;
import io.holdfast.storage.s3.S3Location;
import io.holdfast.storage.s3.S3Settings;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Object stores as backup source and restore target: {@code backup --source s3:...} and {@code restore --target
 * s3:...}. Locations are those of the S3 repository backend ({@link S3Location}: {@code s3:https://host/bucket/prefix},
 * {@code s3:http://host:port/bucket/prefix}, {@code s3:host/bucket/prefix}), and so are the credentials ({@code
 * AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_PROFILE}, ...) and settings ({@code HOLDFAST_S3_*};
 * {@code HOLDFAST_S3_CONNECTIONS} requests at once, 8 by default). Requests are tried up to 3 times.
 */
public final class ObjectStores {
    private static final int ATTEMPTS = 3;

    private ObjectStores() {}

    /** Whether {@code location} names an object store ({@code s3:...}) rather than a local path. */
    public static boolean isLocation(String location) {
        return location.toLowerCase(Locale.ROOT).startsWith("s3:");
    }

    /**
     * The normalised form of {@code location} ({@code s3:ENDPOINT/BUCKET[/PREFIX]}).
     *
     * @throws IllegalArgumentException with a one-line message if it is no valid location
     */
    public static String check(String location) {
        return S3Location.parse(location).toString();
    }

    /** The snapshot path a backup of {@code location} records: {@code /s3/BUCKET[/PREFIX]}. */
    public static String snapshotPath(String location) {
        S3Location where = S3Location.parse(location);
        return "/s3/" + where.bucket() + (where.prefix().isEmpty() ? "" : "/" + where.prefix());
    }

    /**
     * Backs up the objects below {@code location} into a new snapshot of {@code h}; {@code opts} gives the tags,
     * host, parent, hooks, excludes ({@code --exclude*}, {@code --exclude-larger-than}) and dry run. Fails, writing no
     * snapshot, when the bucket cannot be listed; objects that cannot be fetched are reported and left out.
     */
    public static BackupResult backup(
            Holdfast h, String location, Map<String, String> env, BackupOptions opts, BackupProgress progress)
            throws IOException {
        S3Location where = S3Location.parse(location);
        S3Settings settings = S3Settings.from(env);
        try (S3Client client = S3Clients.create(where, settings, env, ATTEMPTS)) {
            return h.backup(opts, new ObjectStoreSource(client, where, settings.connections()), progress);
        }
    }

    /**
     * Restores {@code spec} ({@code latest} or an id, optionally {@code :PATH}) of {@code h} as objects below {@code
     * location}, keyed by their path relative to {@code PATH}. Without {@code :PATH} the snapshot's path is used when
     * it has exactly one (so a backup of {@code s3:.../b1/p1} restores to {@code s3:.../b2/p2} key for key), else
     * the root. {@code filter} chooses {@code latest}.
     */
    public static RestoreResult restore(
            Holdfast h,
            String spec,
            SnapshotFilter filter,
            String location,
            Map<String, String> env,
            RestoreOptions opts,
            BackupProgress progress)
            throws IOException {
        S3Location where = S3Location.parse(location);
        S3Settings settings = S3Settings.from(env);
        try (AutoCloseable session = h.readSession();
                S3Client client = S3Clients.create(where, settings, env, ATTEMPTS)) {
            int colon = spec.indexOf(':');
            Snapshots.Ref ref = h.snapshot(colon < 0 ? spec : spec.substring(0, colon), filter);
            String path;
            if (colon >= 0) {
                String sub = spec.substring(colon + 1);
                path = sub.startsWith("/") ? sub : "/" + sub;
            } else {
                List<String> paths = ref.snapshot().paths();
                path = paths.size() == 1 ? paths.getFirst() : "/";
            }
            return new ObjectStoreTarget(client, where, h.repository(), progress, settings.connections())
                    .restore(ref.snapshot().tree(), path, opts);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e); // closing the session: its lock could not be removed
        }
    }
}

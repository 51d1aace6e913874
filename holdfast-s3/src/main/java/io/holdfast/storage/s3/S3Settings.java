package io.holdfast.storage.s3;

import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How Holdfast talks to an S3 server, with every default in one place. Filled from the environment ({@code
 * HOLDFAST_S3_*}, and the AWS variables for the region).
 *
 * @param connections concurrent requests (HTTP connections kept open): uploads of packs and ranged downloads run on
 *     this many at once
 * @param region the signing region; {@code null} lets the AWS chain decide ({@code AWS_REGION}, {@code
 *     AWS_DEFAULT_REGION}, the profile), else {@code us-east-1}
 * @param bucketLookup {@code auto} (by DNS name on Amazon's servers, by path elsewhere, as restic), {@code dns} or
 *     {@code path}
 * @param dataStorageClass the storage class of packs of file contents ({@code HOLDFAST_S3_STORAGE_CLASS_DATA}, e.g.
 *     {@code STANDARD_IA}, {@code GLACIER_IR}); {@code null} for the bucket's default. Everything else stays standard
 */
public record S3Settings(
        int connections,
        @Nullable String region,
        String bucketLookup,
        @Nullable String dataStorageClass) {
    /** restic's default is 5 connections; packs are 16 MiB, so a few more keep a fast link busy. */
    public static final int DEFAULT_CONNECTIONS = 8;

    public S3Settings {
        if (connections < 1 || connections > 256) {
            throw new IllegalArgumentException("HOLDFAST_S3_CONNECTIONS must be 1..256, not " + connections);
        }
        if (!bucketLookup.equals("auto") && !bucketLookup.equals("dns") && !bucketLookup.equals("path")) {
            throw new IllegalArgumentException(
                    "HOLDFAST_S3_BUCKET_LOOKUP must be auto, dns or path, not '" + bucketLookup + "'");
        }
    }

    /** The settings the environment gives, defaults for the rest. */
    public static S3Settings from(Map<String, String> env) {
        String connections = env.getOrDefault("HOLDFAST_S3_CONNECTIONS", "");
        int n;
        try {
            n = connections.isBlank() ? DEFAULT_CONNECTIONS : Integer.parseInt(connections.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("HOLDFAST_S3_CONNECTIONS must be a number, not '" + connections + "'");
        }
        String region = first(env, "HOLDFAST_S3_REGION", "AWS_REGION", "AWS_DEFAULT_REGION");
        String lookup =
                env.getOrDefault("HOLDFAST_S3_BUCKET_LOOKUP", "auto").strip().toLowerCase(Locale.ROOT);
        String dataClass = first(env, "HOLDFAST_S3_STORAGE_CLASS_DATA");
        return new S3Settings(
                n,
                region,
                lookup.isEmpty() ? "auto" : lookup,
                dataClass == null ? null : dataClass.toUpperCase(Locale.ROOT));
    }

    /** Whether buckets are addressed by path ({@code host/bucket/key}) at {@code location}. */
    public boolean pathStyle(S3Location location) {
        return switch (bucketLookup) {
            case "path" -> true;
            case "dns" -> false;
            default -> !location.amazon();
        };
    }

    private static @Nullable String first(Map<String, String> env, String... names) {
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        return null;
    }
}

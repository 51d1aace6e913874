package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A plain SDK client on a test S3 server, to put objects where the CLI backs them up from and to read back what it
 * restored; and the readers of local trees and of the CLI's request log ({@code HOLDFAST_S3_REQUEST_LOG}) that the
 * object-store tests compare with.
 */
final class S3Objects implements AutoCloseable {
    final S3Client client;

    S3Objects(String endpoint, Map<String, String> credentials) {
        client = S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        credentials.get("AWS_ACCESS_KEY_ID"), credentials.get("AWS_SECRET_ACCESS_KEY"))))
                .build();
    }

    void bucket(String bucket) {
        client.createBucket(b -> b.bucket(bucket));
    }

    void put(String bucket, String key, byte[] data) {
        client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(data));
    }

    /** Puts every object of {@code objects} (key to content), 16 at a time. */
    void putAll(String bucket, Map<String, byte[]> objects) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<?>> done = new ArrayList<>();
            objects.forEach((k, v) -> done.add(pool.submit(() -> put(bucket, k, v))));
            for (Future<?> f : done) {
                f.get();
            }
        }
    }

    void delete(String bucket, String key) {
        client.deleteObject(b -> b.bucket(bucket).key(key));
    }

    /** The ETag of an object, without its quotes. */
    String etag(String bucket, String key) {
        return client.headObject(b -> b.bucket(bucket).key(key)).eTag().replace("\"", "");
    }

    /** Every object below {@code prefix} (which ends in '/'), by key relative to it, as SHA-256 hex. */
    Map<String, String> read(String bucket, String prefix) {
        Map<String, String> out = new TreeMap<>();
        for (S3Object o : client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))
                .contents()) {
            byte[] data =
                    client.getObjectAsBytes(b -> b.bucket(bucket).key(o.key())).asByteArray();
            out.put(o.key().substring(prefix.length()), sha256(data));
        }
        return out;
    }

    /** A local tree as {@link #read} gives a bucket's: files by relative path, empty directories as {@code DIR/}. */
    static Map<String, String> readDir(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                String rel = dir.relativize(p).toString();
                if (Files.isRegularFile(p)) {
                    out.put(rel, sha256(Files.readAllBytes(p)));
                } else if (!rel.isEmpty() && isEmptyDir(p)) {
                    out.put(rel + "/", sha256(new byte[0]));
                }
            }
        }
        return out;
    }

    /** Expected contents as {@link #read} gives them: relative key to SHA-256 hex. */
    static Map<String, String> digests(Map<String, byte[]> objects, String prefix) {
        Map<String, String> out = new TreeMap<>();
        objects.forEach((k, v) -> out.put(k.substring(prefix.length()), sha256(v)));
        return out;
    }

    /** The requests the CLI logged, by operation, on {@code bucket}. */
    static Map<String, Integer> requests(Path log, String bucket) throws IOException {
        Map<String, Integer> out = new TreeMap<>();
        if (Files.exists(log)) {
            for (String line : Files.readAllLines(log)) {
                String[] f = line.split("\t");
                if (f.length >= 3 && f[2].equals(bucket)) {
                    out.merge(f[0], 1, Integer::sum);
                }
            }
        }
        return out;
    }

    /** The keys the CLI fetched with {@code GetObject} from {@code bucket}, in the log's order. */
    static List<String> fetched(Path log, String bucket) throws IOException {
        return Files.readAllLines(log).stream()
                .map(l -> l.split("\t"))
                .filter(f -> f.length == 4 && f[0].equals("GetObject") && f[2].equals(bucket))
                .map(f -> f[3])
                .sorted()
                .toList();
    }

    private static boolean isEmptyDir(Path p) throws IOException {
        if (!Files.isDirectory(p)) {
            return false;
        }
        try (Stream<Path> s = Files.list(p)) {
            return s.findAny().isEmpty();
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertSameObjects(Map<String, String> expected, Map<String, String> actual) {
        assertThat(actual).as("objects by key (SHA-256)").isEqualTo(expected);
    }

    @Override
    public void close() {
        client.close();
    }
}

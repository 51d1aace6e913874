package io.holdfast.storage.s3;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server with versioning and Object Lock for tests: moto's server ({@code python3 -m moto.server}, which
 * enforces retention and legal holds on versioned buckets) in its own process on a free loopback port. moto accepts
 * any credentials. Known gaps: it accepts shortening a retention, and {@code GetObjectRetention} fails (Holdfast reads
 * retention from {@code HEAD}). Shipped in this module's test jar for the tests of the modules above.
 */
public final class MotoServer extends ServerProcess {
    public static final String ACCESS_KEY = "holdfast-moto";
    public static final String SECRET_KEY = "holdfast-moto-secret";

    private MotoServer(Process process, int port) {
        super(process, port);
    }

    /** Starts a server; returns once it accepts connections. */
    public static MotoServer start(Path work) throws IOException, InterruptedException {
        String python = System.getProperty("holdfast.python", "python3");
        Files.createDirectories(work);
        Path log = work.resolve("moto.log");
        int port = freePort();
        Process p = new ProcessBuilder(python, "-m", "moto.server", "-H", "127.0.0.1", "-p", String.valueOf(port))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        MotoServer server = new MotoServer(p, port);
        server.awaitStart(
                "moto's S3 server (is it installed? python3 -c 'import moto.server'; Debian: apt-get install"
                        + " python3-moto)",
                log);
        return server;
    }

    /** The environment with credentials for this server. */
    public Map<String, String> environment() {
        return Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    }

    /** A plain SDK client for this server, as an attacker holding the backup credentials would use. */
    public S3Client client() {
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint()))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .requestChecksumCalculation(
                        software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }
}

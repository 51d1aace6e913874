package io.holdfast.storage.s3;

import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds the SDK client. The HTTP client is the SDK's Apache one: blocking calls on Holdfast's own upload and
 * download threads, a connection pool sized to {@link S3Settings#connections()}, keep-alive, no native code and no
 * event-loop threads (the Netty client suits asynchronous callers, the CRT client is native and lags the SDK's
 * versions, the URLConnection client has no pool to size). The SDK's own retries are off: the retrying decorator
 * ({@link io.holdfast.storage.RetryingBackend}) decides, with the classification of {@link S3Errors}. Callers
 * without such a decorator (the object-store source and target of the client module) ask for a few attempts.
 * {@code HOLDFAST_S3_REQUEST_LOG} logs every request ({@link S3RequestLog}).
 */
public final class S3Clients {
    private S3Clients() {}

    /** A client for {@code location} that tries each request once (the repository backend retries itself). */
    public static S3Client create(S3Location location, S3Settings settings, Map<String, String> env) {
        return create(location, settings, env, 1);
    }

    /**
     * A client for {@code location} with the credentials and settings {@code env} gives, trying a request up to
     * {@code attempts} times (the SDK's standard retries: throttling, 5xx, resets) before it fails.
     */
    public static S3Client create(S3Location location, S3Settings settings, Map<String, String> env, int attempts) {
        S3RequestLog log = S3RequestLog.from(env);
        var builder = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(settings.connections())
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60))
                        .tcpKeepAlive(true))
                .credentialsProvider(credentials(env))
                .region(region(settings))
                .forcePathStyle(settings.pathStyle(location))
                // Content-MD5 on every upload (S3Backend); no aws-chunked trailing checksums, which not every
                // S3-compatible server accepts
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                // and no payload signing (over plain HTTP the SDK would otherwise SHA-256 every body a second time
                // in signed aws-chunked encoding): the signature covers the headers, Content-MD5 among them, and the
                // server checks the body against that digest
                .authSchemeProvider(S3Clients::unsignedPayload)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> {
                    o.retryStrategy(RetryMode.STANDARD)
                            .retryStrategy(b -> b.maxAttempts(attempts))
                            .apiCallAttemptTimeout(Duration.ofMinutes(5));
                    if (log != null) {
                        o.addExecutionInterceptor(log);
                    }
                });
        if (!location.endpoint().getHost().equalsIgnoreCase("s3.amazonaws.com")) {
            builder.endpointOverride(location.endpoint());
        }
        return builder.build();
    }

    private static java.util.List<software.amazon.awssdk.http.auth.spi.scheme.AuthSchemeOption> unsignedPayload(
            software.amazon.awssdk.services.s3.auth.scheme.S3AuthSchemeParams params) {
        return software.amazon.awssdk.services.s3.auth.scheme.S3AuthSchemeProvider.defaultProvider()
                .resolveAuthScheme(params)
                .stream()
                .map(o -> o.toBuilder()
                        .putSignerProperty(
                                software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner
                                        .PAYLOAD_SIGNING_ENABLED,
                                false)
                        .putSignerProperty(
                                software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner
                                        .CHUNK_ENCODING_ENABLED,
                                false)
                        .build())
                .toList();
    }

    /**
     * The credentials: {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY} (with {@code AWS_SESSION_TOKEN})
     * from the given environment, else the profile {@code AWS_PROFILE} names, else the SDK's default chain (the
     * shared files' default profile, web identity, container and instance credentials).
     */
    static AwsCredentialsProvider credentials(Map<String, String> env) {
        String id = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (id != null && !id.isBlank() && secret != null && !secret.isBlank()) {
            String token = env.get("AWS_SESSION_TOKEN");
            return StaticCredentialsProvider.create(
                    token == null || token.isBlank()
                            ? AwsBasicCredentials.create(id, secret)
                            : AwsSessionCredentials.create(id, secret, token));
        }
        String profile = env.get("AWS_PROFILE");
        if (profile != null && !profile.isBlank()) {
            return ProfileCredentialsProvider.create(profile);
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private static Region region(S3Settings settings) {
        if (settings.region() != null) {
            return Region.of(settings.region());
        }
        try {
            // AWS_REGION and the profile files, but not the instance metadata service: asking it costs a second of
            // timeouts everywhere but on EC2, on every command
            return new software.amazon.awssdk.regions.providers.AwsRegionProviderChain(
                            new software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider(),
                            new software.amazon.awssdk.regions.providers.AwsProfileRegionProvider())
                    .getRegion();
        } catch (RuntimeException e) {
            return Region.US_EAST_1; // restic's default too
        }
    }
}

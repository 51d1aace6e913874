package io.holdfast.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.storage.RetryingBackend;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Which S3 answers a retry can mend, and what the others become. */
class S3ErrorsTest {
    private static IOException answer(int status, String code) {
        S3Exception e = (S3Exception) S3Exception.builder()
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build())
                .message(code)
                .build();
        return S3Errors.map("PUT k", "k", e);
    }

    @Test
    void aCodelessRefusalFromAServerWhoseDateIsFarOffIsClockSkew() {
        java.util.function.Function<java.time.Instant, IOException> headRefused = date -> S3Errors.map(
                "HEAD k",
                "k",
                S3Exception.builder()
                        .statusCode(403)
                        .awsErrorDetails(AwsErrorDetails.builder()
                                .sdkHttpResponse(software.amazon.awssdk.http.SdkHttpResponse.builder()
                                        .statusCode(403)
                                        .putHeader(
                                                "Date",
                                                java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                                                        date.atZone(java.time.ZoneOffset.UTC)))
                                        .build())
                                .build())
                        .build());
        IOException skewed = headRefused.apply(java.time.Instant.now().minusSeconds(20 * 60));
        assertThat(skewed).hasMessageContaining("clock differs from the server's by 20 minutes");
        assertThat(RetryingBackend.isPermanent(skewed)).isFalse();
        IOException denied = headRefused.apply(java.time.Instant.now());
        assertThat(denied).isInstanceOf(java.nio.file.AccessDeniedException.class);
    }

    @Test
    void busyOrFailingServersAreRetried() {
        for (IOException e : new IOException[] {
            answer(503, "SlowDown"),
            answer(500, "InternalError"),
            answer(429, "TooManyRequests"),
            S3Errors.map("GET k", "k", SdkClientException.create("reset", new SocketException("Connection reset")))
        }) {
            assertThat(RetryingBackend.isPermanent(e)).as("%s", e).isFalse();
        }
    }

    @Test
    void theRestIsPermanentAndSaysWhy() {
        assertThat(answer(404, "NoSuchKey")).isInstanceOf(NoSuchFileException.class);
        assertThat(answer(404, "NoSuchBucket"))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("the bucket does not exist");
        assertThat(answer(412, "PreconditionFailed")).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(answer(416, "InvalidRange")).isInstanceOf(EOFException.class);
        assertThat(answer(403, "SignatureDoesNotMatch"))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("AWS_SECRET_ACCESS_KEY");
        assertThat(answer(403, "InvalidAccessKeyId")).hasMessageContaining("AWS_ACCESS_KEY_ID");
        assertThat(answer(403, "RequestTimeTooSkewed")).hasMessageContaining("clock");
        assertThat(RetryingBackend.isPermanent(answer(403, "RequestTimeTooSkewed")))
                .as("the SDK takes the server's time from the answer: a retry goes through")
                .isFalse();
        IOException bad = answer(400, "InvalidArgument");
        assertThat(RetryingBackend.isPermanent(bad)).isTrue();
        assertThat(bad).hasMessageContaining("400 InvalidArgument");
    }
}

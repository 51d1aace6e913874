package io.holdfast.storage.s3;

import io.holdfast.storage.PermanentStorageException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * S3's answers as the {@link java.io.IOException}s the {@link io.holdfast.storage.Backend} contract and the retrying
 * decorator understand: what a retry can mend (throttling {@code 503 SlowDown}, {@code 500}, {@code 429}, resets,
 * timeouts) stays a plain {@link IOException}; the rest is permanent (a missing object or bucket, a refusal, a
 * malformed request).
 */
public final class S3Errors {
    private S3Errors() {}

    /** {@code e}, met while doing {@code what} (e.g. {@code "PUT data/ab/ab12..."}) on {@code key}. */
    public static IOException map(String what, String key, SdkException e) {
        if (e instanceof SdkClientException) {
            // no answer from the server: connection refused or reset, timeout, unknown host
            return new IOException("s3: " + what + ": " + message(e) + " (is the server reachable?)", e);
        }
        int status = e instanceof SdkServiceException s ? s.statusCode() : 0;
        String code = e instanceof S3Exception s3 && s3.awsErrorDetails() != null
                ? s3.awsErrorDetails().errorCode()
                : "";
        String text = "s3: " + what + ": " + status + (code == null || code.isEmpty() ? "" : " " + code);
        if (status == 404 && "NoSuchBucket".equals(code)) {
            // like a missing directory: nothing is found in it; writing fails with this message
            NoSuchFileException n = new NoSuchFileException(key, null, "the bucket does not exist (" + text + ")");
            n.initCause(e);
            return n;
        }
        if (status == 404) {
            NoSuchFileException n = new NoSuchFileException(key, null, "no such object");
            n.initCause(e);
            return n;
        }
        if (status == 412) {
            FileAlreadyExistsException x = new FileAlreadyExistsException(key, null, "object exists already");
            x.initCause(e);
            return x;
        }
        if (status == 416) {
            EOFException eof = new EOFException(text + ": the object is shorter than the range asked for");
            eof.initCause(e);
            return eof;
        }
        if ((status == 401 || status == 403) && skewed(e, code)) {
            // The SDK has set its clock offset from the server's Date for the next request: a retry goes through.
            java.time.Duration skew = skew(e);
            return new IOException(
                    text + ": this machine's clock differs from the server's"
                            + (skew == null || skew.abs().toMinutes() == 0
                                    ? ""
                                    : " by " + skew.abs().toMinutes() + " minutes")
                            + "; retrying with the server's time (set the clock: enable NTP)",
                    e);
        }
        if (status == 401 || status == 403) {
            String why = switch (code == null ? "" : code) {
                case "InvalidAccessKeyId" -> "the access key is not known to the server: check AWS_ACCESS_KEY_ID";
                case "SignatureDoesNotMatch" -> "the signature does not match: check AWS_SECRET_ACCESS_KEY";
                case "ExpiredToken", "TokenRefreshRequired" -> "the session token expired: get new credentials";
                default -> "access denied: check the credentials and the bucket's policy";
            };
            AccessDeniedException a =
                    new AccessDeniedException(key, null, why + " (" + status + (code == null ? "" : " " + code) + ")");
            a.initCause(e);
            return a;
        }
        if (status == 429 || status >= 500 || status == 408) {
            return new IOException(text + " (the server is busy or failing; retrying)", e);
        }
        return new PermanentStorageException(text + ": " + message(e), e);
    }

    /** A refusal for clock skew: S3's code, or (answers to HEAD carry no code) a Date more than 5 minutes off. */
    private static boolean skewed(SdkException e, @org.jspecify.annotations.Nullable String code) {
        if ("RequestTimeTooSkewed".equals(code)) {
            return true;
        }
        java.time.Duration skew = skew(e);
        return (code == null || code.isEmpty())
                && skew != null
                && skew.abs().compareTo(java.time.Duration.ofMinutes(5)) > 0;
    }

    /**
     * How far this machine's clock is off the server's (from its {@code Date} header), or {@code null}
     * when the answer has none.
     */
    static java.time.@org.jspecify.annotations.Nullable Duration skew(SdkException e) {
        if (!(e instanceof S3Exception s3) || s3.awsErrorDetails() == null) {
            return null;
        }
        var response = s3.awsErrorDetails().sdkHttpResponse();
        if (response == null) {
            return null;
        }
        var date = response.firstMatchingHeader("Date");
        if (date.isEmpty()) {
            return null;
        }
        try {
            java.time.Instant server = java.time.ZonedDateTime.parse(
                            date.get(), java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            return java.time.Duration.between(server, java.time.Instant.now());
        } catch (java.time.format.DateTimeParseException ex) {
            return null;
        }
    }

    private static String message(SdkException e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.replaceAll("\\s*\\(Service: .*$", "");
    }
}

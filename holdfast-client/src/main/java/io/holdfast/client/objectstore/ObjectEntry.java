package io.holdfast.client.objectstore;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/**
 * One object as a listing or a {@code GET} describes it.
 *
 * @param key the object's full key
 * @param size its length in bytes
 * @param etag its ETag without the quotes S3 puts around it
 * @param lastModified its last-modified time in whole seconds: listings give milliseconds on some servers, the
 *     {@code Last-Modified} header of a {@code GET} only seconds, and the two must compare equal
 */
record ObjectEntry(String key, long size, String etag, Instant lastModified) {
    ObjectEntry {
        lastModified = lastModified.truncatedTo(ChronoUnit.SECONDS);
        etag = unquoted(etag);
    }

    /** {@code etag} without surrounding double quotes; empty for none. */
    static String unquoted(@Nullable String etag) {
        if (etag == null) {
            return "";
        }
        String e = etag.strip();
        return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"") ? e.substring(1, e.length() - 1) : e;
    }
}

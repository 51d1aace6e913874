package io.holdfast.storage.s3;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * An {@code s3:} repository location in restic's syntax: {@code s3:https://host[:port]/bucket[/prefix]}, {@code
 * s3:http://host:port/bucket[/prefix]} (plain HTTP only when written so), or {@code s3:host/bucket[/prefix]} (HTTPS).
 *
 * @param endpoint the server, {@code https://host[:port]} or {@code http://host:port}
 * @param bucket the bucket's name
 * @param prefix the key prefix of the repository's objects, without leading or trailing slashes; empty for the
 *     bucket's root
 */
public record S3Location(URI endpoint, String bucket, String prefix) {
    /** Parses {@code location}, which starts with {@code s3:}. */
    public static S3Location parse(String location) {
        String rest;
        boolean http = false;
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("s3:http://") || lower.startsWith("s3:https://")) {
            URI url;
            try {
                url = new URI(location.substring(3));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(
                        "s3: not a URL: " + location.substring(3) + " (" + e.getReason() + ")");
            }
            http = "http".equalsIgnoreCase(url.getScheme());
            if (url.getHost() == null) {
                throw new IllegalArgumentException("s3: no host in " + location + "; expected " + example());
            }
            String authority = url.getRawAuthority();
            rest = authority + (url.getRawPath() == null ? "" : url.getRawPath());
        } else if (lower.startsWith("s3://")) {
            rest = location.substring(5);
        } else if (lower.startsWith("s3:")) {
            rest = location.substring(3);
        } else {
            throw new IllegalArgumentException("not an s3: location: " + location);
        }
        int slash = rest.indexOf('/');
        String host = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        int next = path.indexOf('/');
        String bucket = next < 0 ? path : path.substring(0, next);
        String prefix = next < 0 ? "" : clean(path.substring(next + 1));
        if (host.isEmpty() || bucket.isEmpty()) {
            throw new IllegalArgumentException(
                    "s3: host or bucket name missing in " + location + "; expected " + example());
        }
        return new S3Location(URI.create((http ? "http://" : "https://") + host), bucket, prefix);
    }

    /** The form of a location, for messages. */
    public static String example() {
        return "s3:https://host[:port]/bucket[/prefix] or s3:s3.amazonaws.com/bucket[/prefix]";
    }

    /** Whether the server is Amazon's own, where buckets are addressed by DNS name rather than by path. */
    public boolean amazon() {
        String host = endpoint.getHost().toLowerCase(Locale.ROOT);
        return host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn");
    }

    /** The object key of a repository path such as {@code data/ab/ab12...}. */
    public String key(String path) {
        return prefix.isEmpty() ? path : prefix + "/" + path;
    }

    @Override
    public String toString() {
        return "s3:" + endpoint + "/" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    /** Go's {@code path.Clean} of a relative prefix: no empty, {@code .} or leading/trailing segments. */
    private static String clean(String prefix) {
        StringBuilder sb = new StringBuilder();
        for (String part : prefix.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                int cut = sb.lastIndexOf("/");
                sb.setLength(Math.max(cut, 0));
                continue;
            }
            sb.append(sb.isEmpty() ? "" : "/").append(part);
        }
        return sb.toString();
    }
}

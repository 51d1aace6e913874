package io.holdfast.client.objectstore;

import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.Excludes;
import io.holdfast.storage.s3.S3Errors;
import io.holdfast.storage.s3.S3Location;
import java.io.IOException;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Lists the objects below a bucket's prefix ({@code ListObjectsV2}, 1,000 keys a request) into an {@link ObjectDir}
 * tree. Keys that cannot be paths are reported as errors and left out, never renamed: an empty segment ({@code a//b},
 * a leading {@code /}), a segment {@code .} or {@code ..}, a non-empty object whose key ends in {@code /}, and an
 * object whose key is also the prefix of other keys ({@code a/b} beside {@code a/b/c}: a file cannot also be a
 * directory; the directory is kept). Empty objects whose key ends in {@code /} (the folders of consoles) are
 * directories. Exclude patterns and {@code --exclude-larger-than} apply to the snapshot paths ({@code
 * /s3/BUCKET/KEY}); excluded objects are not fetched.
 */
final class ObjectListing {
    private final S3Location location;
    private final String root;
    private final Excludes excludes;
    private final long maxSize;
    private final BackupProgress progress;
    private final ObjectDir top = new ObjectDir(false);

    /**
     * @param root the snapshot path of the prefix, {@code /s3/BUCKET/PREFIX}
     * @param maxSize objects larger than this are left out; 0 for no limit
     */
    ObjectListing(S3Location location, String root, Excludes excludes, long maxSize, BackupProgress progress) {
        this.location = location;
        this.root = root;
        this.excludes = excludes;
        this.maxSize = maxSize;
        this.progress = progress;
    }

    /** The key prefix listed: the location's prefix as a directory, {@code PREFIX/}, or empty for the bucket. */
    static String listPrefix(S3Location location) {
        return location.prefix().isEmpty() ? "" : location.prefix() + "/";
    }

    /** Lists every object below the prefix; fails (nothing is backed up) if the listing does. */
    ObjectDir list(S3Client client) throws IOException {
        String prefix = listPrefix(location);
        try {
            for (ListObjectsV2Response page : client.listObjectsV2Paginator(
                    b -> b.bucket(location.bucket()).prefix(prefix))) {
                for (S3Object o : page.contents()) {
                    add(new ObjectEntry(o.key(), o.size(), o.eTag(), o.lastModified()), prefix);
                }
            }
        } catch (SdkException e) {
            throw S3Errors.map("LIST " + location.bucket() + "/" + prefix, location.toString(), e);
        }
        return top;
    }

    /** Every object below {@code location}'s prefix by key (a restore's target, to keep or replace them). */
    static java.util.Map<String, ObjectEntry> keys(S3Client client, S3Location location) throws IOException {
        String prefix = listPrefix(location);
        java.util.Map<String, ObjectEntry> out = new java.util.HashMap<>();
        try {
            for (ListObjectsV2Response page : client.listObjectsV2Paginator(
                    b -> b.bucket(location.bucket()).prefix(prefix))) {
                for (S3Object o : page.contents()) {
                    out.put(o.key(), new ObjectEntry(o.key(), o.size(), o.eTag(), o.lastModified()));
                }
            }
        } catch (SdkException e) {
            throw S3Errors.map("LIST " + location.bucket() + "/" + prefix, location.toString(), e);
        }
        return out;
    }

    private void add(ObjectEntry e, String prefix) {
        String rel = e.key().substring(prefix.length());
        String path = root + "/" + rel;
        boolean marker = rel.endsWith("/");
        if (marker) {
            rel = rel.substring(0, rel.length() - 1);
            if (e.size() != 0) {
                reject(path, "ends in '/' but is not empty, so it cannot be a file name");
                return;
            }
            if (rel.isEmpty()) {
                return; // the prefix's own folder marker
            }
        }
        List<String> parts = List.of(rel.split("/", -1));
        for (String part : parts) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                reject(path, "has an empty, '.' or '..' path segment, so it cannot be a file name");
                return;
            }
        }
        ObjectDir dir = top;
        StringBuilder at = new StringBuilder(root);
        int dirs = marker ? parts.size() : parts.size() - 1;
        for (int i = 0; i < dirs; i++) {
            String name = parts.get(i);
            at.append('/').append(name);
            ObjectEntry clash = dir.files.remove(name);
            if (clash != null) {
                reject(
                        root + "/" + clash.key().substring(prefix.length()),
                        "is also the prefix of other keys, so it"
                                + " would be both a file and a directory; the directory is kept");
            }
            ObjectDir next = dir.dirs.get(name);
            if (next == null) {
                next = new ObjectDir(dir.excluded || excludes.excluded(at.toString()));
                dir.dirs.put(name, next);
            }
            dir = next;
        }
        if (dir.excluded) {
            return;
        }
        if (marker) {
            dir.marker = e.lastModified().isAfter(dir.marker) ? e.lastModified() : dir.marker;
            return;
        }
        String name = parts.getLast();
        if (dir.dirs.containsKey(name)) {
            reject(
                    path,
                    "is also the prefix of other keys, so it would be both a file and a directory; the directory"
                            + " is kept");
            return;
        }
        if (excludes.excluded(path) || (maxSize > 0 && e.size() > maxSize)) {
            return;
        }
        dir.files.put(name, e);
    }

    private void reject(String path, String why) {
        progress.error(path, new IOException(path + ": object key " + why + "; the object is left out"));
    }
}

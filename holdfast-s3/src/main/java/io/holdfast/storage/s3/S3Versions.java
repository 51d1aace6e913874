package io.holdfast.storage.s3;

import io.holdfast.storage.Backend;
import io.holdfast.storage.FileType;
import io.holdfast.storage.Handle;
import io.holdfast.storage.VersionHistory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * The versions of a repository's objects in a versioned bucket: the repository as it was at a time, and bringing
 * that state back. One {@code ListObjectVersions} walk over the repository's prefix finds every version and delete
 * marker; reads then name the version.
 */
final class S3Versions implements VersionHistory {
    private final S3Backend backend;
    private final S3Client client;
    private final S3Location location;

    S3Versions(S3Backend backend, S3Client client, S3Location location) {
        this.backend = backend;
        this.client = client;
        this.location = location;
    }

    /** One version or delete marker of an object; {@code etag} is empty for a marker. */
    record Entry(
            String versionId,
            Instant lastModified,
            boolean latest,
            boolean marker,
            long size,
            String etag,
            @Nullable String storageClass) {}

    /** The file's history, newest first, for every repository file in the bucket (lock files included). */
    Map<Handle, List<Entry>> history() throws IOException {
        Map<Handle, List<Entry>> out = new LinkedHashMap<>();
        String prefix = location.prefix().isEmpty() ? "" : location.prefix() + "/";
        try {
            for (ListObjectVersionsResponse page : client.listObjectVersionsPaginator(
                    b -> b.bucket(location.bucket()).prefix(prefix))) {
                for (ObjectVersion v : page.versions()) {
                    add(
                            out,
                            prefix,
                            v.key(),
                            new Entry(
                                    v.versionId(),
                                    v.lastModified(),
                                    v.isLatest(),
                                    false,
                                    v.size(),
                                    String.valueOf(v.eTag()),
                                    v.storageClassAsString()));
                }
                for (DeleteMarkerEntry m : page.deleteMarkers()) {
                    add(
                            out,
                            prefix,
                            m.key(),
                            new Entry(m.versionId(), m.lastModified(), m.isLatest(), true, 0, "", null));
                }
            }
        } catch (SdkException e) {
            throw S3Errors.map("LIST versions " + prefix, location.bucket() + "/" + prefix, e);
        }
        // newest first; of two in the same second (the servers' resolution), the current one first
        Comparator<Entry> newestFirst = Comparator.comparing(Entry::lastModified)
                .thenComparing(Entry::latest)
                .reversed();
        out.values().forEach(l -> l.sort(newestFirst));
        return out;
    }

    private static void add(Map<Handle, List<Entry>> out, String prefix, String key, Entry e) {
        Handle h = handle(key.substring(prefix.length()));
        if (h != null) {
            out.computeIfAbsent(h, k -> new ArrayList<>()).add(e);
        }
    }

    /** The repository file at {@code path} (relative to the repository's prefix), or {@code null} for anything else. */
    static @Nullable Handle handle(String path) {
        if (path.equals("config")) {
            return Handle.CONFIG;
        }
        for (FileType type : FileType.values()) {
            if (type == FileType.CONFIG || !path.startsWith(type.directory() + "/")) {
                continue;
            }
            String name = path.substring(path.lastIndexOf('/') + 1);
            if (name.isEmpty() || name.equals(".") || name.equals("..")) {
                return null;
            }
            Handle h = new Handle(type, name);
            return h.path().equals(path) ? h : null;
        }
        return null;
    }

    /** The version that was current at {@code time}, or {@code null} when the file did not exist then. */
    static @Nullable Entry at(List<Entry> newestFirst, Instant time) {
        for (Entry e : newestFirst) {
            if (!e.lastModified().isAfter(time)) {
                return e.marker() ? null : e;
            }
        }
        return null;
    }

    @Override
    public Backend asOf(Instant time) throws IOException {
        Map<Handle, Entry> view = new LinkedHashMap<>();
        history().forEach((h, entries) -> {
            Entry e = at(entries, time);
            if (e != null) {
                view.put(h, e);
            }
        });
        return new S3AsOfBackend(backend, client, location, time, view);
    }

    @Override
    public UndeleteResult undelete(Instant time, boolean removeNewer) throws IOException {
        long unchanged = 0;
        long undeleted = 0;
        long reverted = 0;
        long newer = 0;
        for (Map.Entry<Handle, List<Entry>> file : history().entrySet()) {
            Handle h = file.getKey();
            if (h.type() == FileType.LOCK) {
                continue;
            }
            List<Entry> entries = file.getValue();
            Entry then = at(entries, time);
            Entry now = entries.getFirst();
            if (then == null) {
                if (!now.marker()) {
                    newer++;
                    if (removeNewer) {
                        delete(h, null);
                    }
                }
            } else if (now.equals(then) || (!now.marker() && now.etag().equals(then.etag()))) {
                unchanged++; // the same version, or one with the same content (a version restored before)
            } else if (entries.subList(0, entries.indexOf(then)).stream().allMatch(Entry::marker)) {
                for (Entry marker : entries.subList(0, entries.indexOf(then))) {
                    delete(h, marker.versionId()); // removing the delete markers makes the old version current
                }
                undeleted++;
            } else {
                byte[] old = S3AsOfBackend.get(client, location, h, then.versionId(), "bytes=0-");
                backend.put(h, ByteBuffer.wrap(old), false, then.storageClass());
                reverted++;
            }
        }
        return new UndeleteResult(unchanged, undeleted, reverted, newer, removeNewer);
    }

    private void delete(Handle h, @Nullable String versionId) throws IOException {
        String key = location.key(h.path());
        try {
            client.deleteObject(b -> b.bucket(location.bucket()).key(key).versionId(versionId));
        } catch (SdkException e) {
            throw S3Errors.map(
                    "DELETE " + key + (versionId == null ? "" : " version " + versionId),
                    location.bucket() + "/" + key,
                    e);
        }
    }
}

package io.holdfast.client;

import io.holdfast.repository.Repository;
import io.holdfast.storage.FileType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What restic's {@code list TYPE} prints: the ids of the repository's files of one type, or for {@code blobs} each
 * blob of the index as {@code data ID} / {@code tree ID}.
 */
public final class Listing {
    /** The types restic lists, in its order, and the files they are. */
    public static final Map<String, FileType> FILE_TYPES = Map.of(
            "packs", FileType.PACK,
            "index", FileType.INDEX,
            "snapshots", FileType.SNAPSHOT,
            "keys", FileType.KEY,
            "locks", FileType.LOCK);

    /** Every type name {@code list} accepts. */
    public static final List<String> TYPES = List.of("blobs", "packs", "index", "snapshots", "keys", "locks");

    private Listing() {}

    /** The file type of {@code name}, or null for {@code blobs} and names restic does not list. */
    public static @Nullable FileType fileType(String name) {
        return FILE_TYPES.get(name);
    }

    /** The lines of {@code list name}; {@code name} must be one of {@link #TYPES}. */
    static List<String> lines(Repository repo, String name) throws IOException {
        List<String> out = new ArrayList<>();
        if (name.equals("blobs")) {
            repo.loadIndex();
            repo.index().forEach(b -> out.add(b.type().name().toLowerCase(Locale.ROOT) + " " + b.id().hex()));
            return out;
        }
        FileType type = FILE_TYPES.get(name);
        if (type == null) {
            throw new IllegalArgumentException("invalid type " + name + ": use one of " + String.join(", ", TYPES));
        }
        repo.list(type).forEach(id -> out.add(id.hex()));
        return out;
    }
}

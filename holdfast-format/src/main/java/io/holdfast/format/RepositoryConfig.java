package io.holdfast.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The repository's config file: format version, repository id and the chunker polynomial. Holdfast-only options
 * live in an optional {@code holdfast} object that restic ignores.
 *
 * @param version 1 or 2
 * @param id the repository id, 64 hex digits
 * @param chunkerPolynomial the Rabin polynomial, lower-case hex
 * @param extensions the {@code holdfast} object, or an empty object
 */
public record RepositoryConfig(int version, String id, String chunkerPolynomial, ObjectNode extensions) {
    /** The newest format version this code reads and writes. */
    public static final int MAX_VERSION = 2;

    /** The file's JSON bytes. */
    public byte[] toJson() {
        ObjectNode o = FormatJson.object();
        o.put("version", version);
        o.put("id", id);
        o.put("chunker_polynomial", chunkerPolynomial);
        if (!extensions.isEmpty()) {
            o.set("holdfast", extensions);
        }
        return FormatJson.bytes(o);
    }

    /** Parses the config. */
    public static RepositoryConfig parse(byte[] json) throws CorruptDataException {
        String what = "config";
        ObjectNode o = FormatJson.parseObject(json, what);
        long version = FormatJson.number(o, "version", what);
        if (version < 1 || version > MAX_VERSION) {
            throw new CorruptDataException(
                    what, "unsupported repository version " + version + " (this Holdfast reads 1 and 2)");
        }
        String id = FormatJson.text(o, "id", what);
        String pol = FormatJson.text(o, "chunker_polynomial", what);
        JsonNode ext = o.get("holdfast");
        ObjectNode extensions = ext instanceof ObjectNode e ? e : FormatJson.object();
        return new RepositoryConfig((int) version, id, pol, extensions);
    }
}

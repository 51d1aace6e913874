package io.holdfast.format.model.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.holdfast.format.CorruptDataException;
import io.holdfast.format.FormatJson;
import io.holdfast.format.Id;
import io.holdfast.format.tree.ExtendedAttribute;
import io.holdfast.format.tree.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How a codec-encoded file is reassembled, stored in its tree node as the extended attribute {@link #XATTR} (JSON):
 *
 * <pre>
 * {"version":1,"format":"safetensors","pieces":[{"length":n}, {"length":n,"tensor":"name","offset":o,"width":w,
 *   "sha256":"hex"},...]}
 * </pre>
 *
 * The node's {@code content} starts with one blob per piece, in file order: a piece without {@code tensor} is stored
 * as its plain bytes (the header, gaps), a piece with one is a codec blob ({@link EncodedHeader}) of bytes
 * {@code [offset, offset + length)} of that tensor. Every blob after the pieces is a <em>reference</em>: a base blob
 * some piece's delta needs, listed so that every tree walk (restic's and Holdfast's check and prune) keeps it.
 *
 * <p>{@code sha256}, the SHA-256 of an encoded piece's plaintext, is optional (manifests written before it was added
 * lack it). Where present, a reader verifies the decoded piece against it, which binds the piece to this tree, and
 * need not hash the encoded blob (and its base) against their ids.
 *
 * @param format the model format, e.g. {@code safetensors}
 * @param pieces the pieces in file order
 */
public record CodecManifest(String format, List<Piece> pieces) {
    /** The extended attribute's name; a {@code user.} name, so restic restores it as a marker on the encoded file. */
    public static final String XATTR = "user.holdfast.model-codec";

    /** Pieces per manifest at most (a 1 TB file in 4 MiB pieces has 250,000). */
    static final int MAX_PIECES = 4_000_000;

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    /**
     * One piece of the file.
     *
     * @param length plaintext bytes
     * @param tensor the tensor's name, or {@code null} for bytes stored plain
     * @param offset where the piece starts within the tensor
     * @param width element width the piece was encoded with
     * @param sha256 the SHA-256 of an encoded piece's plaintext, or {@code null} if the manifest does not say
     */
    public record Piece(
            long length,
            @Nullable String tensor,
            long offset,
            int width,
            @Nullable Id sha256) {
        /** A piece whose plaintext hash is not (yet) known. */
        public Piece(long length, @Nullable String tensor, long offset, int width) {
            this(length, tensor, offset, width, null);
        }

        /** Whether the piece is a codec blob. */
        public boolean encoded() {
            return tensor != null;
        }

        /** This piece with the SHA-256 of its plaintext. */
        public Piece withSha256(Id hash) {
            return new Piece(length, tensor, offset, width, hash);
        }
    }

    public CodecManifest {
        pieces = List.copyOf(pieces);
    }

    /** The manifest of {@code node}, or {@code null} if it is not codec-encoded. */
    public static @Nullable CodecManifest of(Node node) throws CorruptDataException {
        for (ExtendedAttribute x : node.extendedAttributes()) {
            if (x.name().equals(XATTR)) {
                CodecManifest m = parse(x.value(), "file " + node.name());
                List<Id> content = node.content();
                long total = 0;
                for (Piece p : m.pieces) {
                    total += p.length;
                }
                if (content == null || content.size() < m.pieces.size() || total != node.size()) {
                    throw new CorruptDataException(
                            "file " + node.name(), "model codec manifest does not match the node's content or size");
                }
                return m;
            }
        }
        return null;
    }

    /** The manifest as an extended attribute. */
    public ExtendedAttribute toAttribute() {
        ObjectNode o = FormatJson.object();
        o.put("version", 1);
        o.put("format", format);
        ArrayNode a = o.putArray("pieces");
        for (Piece p : pieces) {
            ObjectNode e = a.addObject();
            e.put("length", p.length);
            if (p.tensor != null) {
                e.put("tensor", p.tensor);
                e.put("offset", p.offset);
                e.put("width", p.width);
                if (p.sha256 != null) {
                    e.put("sha256", p.sha256.hex());
                }
            }
        }
        return ExtendedAttribute.of(XATTR, FormatJson.bytes(o));
    }

    /** Parses the attribute's value. */
    static CodecManifest parse(byte[] json, String what) throws CorruptDataException {
        ObjectNode o = FormatJson.parseObject(json, what);
        if (o.path("version").asInt(-1) != 1) {
            throw new CorruptDataException(what, "model codec manifest version " + o.path("version") + " unknown");
        }
        JsonNode a = o.path("pieces");
        if (!a.isArray() || a.size() > MAX_PIECES) {
            throw new CorruptDataException(what, "model codec manifest has no valid piece list");
        }
        List<Piece> pieces = new ArrayList<>(a.size());
        for (JsonNode e : a) {
            long length = e.path("length").asLong(-1);
            JsonNode t = e.get("tensor");
            long offset = e.path("offset").asLong(0);
            int width = e.path("width").asInt(1);
            JsonNode h = e.get("sha256");
            if (length < 0
                    || length > Integer.MAX_VALUE
                    || offset < 0
                    || (t != null && !t.isTextual())
                    || (h != null && (t == null || !HEX.matcher(h.asText()).matches()))) {
                throw new CorruptDataException(what, "model codec manifest has a bad piece: " + e);
            }
            pieces.add(new Piece(
                    length, t == null ? null : t.asText(), offset, width, h == null ? null : Id.parse(h.asText())));
        }
        return new CodecManifest(o.path("format").asText(""), pieces);
    }
}

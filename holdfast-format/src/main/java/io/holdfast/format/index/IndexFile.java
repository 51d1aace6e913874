package io.holdfast.format.index;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.holdfast.format.BlobType;
import io.holdfast.format.CorruptDataException;
import io.holdfast.format.FormatJson;
import io.holdfast.format.Id;
import io.holdfast.format.pack.PackedBlob;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An index file: which blobs each pack holds, and which older index files this one supersedes. JSON of the form
 * {@code {"supersedes":[ids],"packs":[{"id":..,"blobs":[{"id","type","offset","length","uncompressed_length"}]}]}}.
 *
 * @param supersedes index files made obsolete by this one
 * @param packs the packs described
 */
public record IndexFile(List<Id> supersedes, List<Pack> packs) {

    /** One pack and its blobs. */
    public record Pack(Id id, List<PackedBlob> blobs) {}

    public IndexFile {
        supersedes = List.copyOf(supersedes);
        packs = List.copyOf(packs);
    }

    /** Number of blobs over all packs. */
    public int blobCount() {
        int n = 0;
        for (Pack p : packs) {
            n += p.blobs().size();
        }
        return n;
    }

    /** Serializes to JSON as restic writes it. */
    public byte[] toJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + blobCount() * 160);
        try (JsonGenerator g = FormatJson.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            if (!supersedes.isEmpty()) {
                g.writeArrayFieldStart("supersedes");
                for (Id id : supersedes) {
                    g.writeString(id.hex());
                }
                g.writeEndArray();
            }
            g.writeArrayFieldStart("packs");
            for (Pack p : packs) {
                g.writeStartObject();
                g.writeStringField("id", p.id().hex());
                g.writeArrayFieldStart("blobs");
                for (PackedBlob b : p.blobs()) {
                    g.writeStartObject();
                    g.writeStringField("id", b.id().hex());
                    g.writeStringField("type", b.type().jsonName());
                    g.writeNumberField("offset", b.offset());
                    g.writeNumberField("length", b.length());
                    if (b.compressed()) {
                        g.writeNumberField("uncompressed_length", b.uncompressedLength());
                    }
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Parses an index file; {@code what} names it for errors. */
    public static IndexFile parse(byte[] json, String what) throws CorruptDataException {
        List<Id> supersedes = new ArrayList<>();
        List<Pack> packs = new ArrayList<>();
        try (JsonParser p = FormatJson.FACTORY.createParser(json)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, what);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (field.equals("supersedes") && t == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.VALUE_STRING) {
                        supersedes.add(Id.parse(p.getText()));
                    }
                } else if (field.equals("packs") && t == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        packs.add(parsePack(p, what));
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new CorruptDataException(what, "invalid index: " + e.getMessage(), e);
        }
        return new IndexFile(supersedes, packs);
    }

    private static Pack parsePack(JsonParser p, String what) throws IOException {
        Id id = null;
        List<PackedBlob> blobs = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            if (field.equals("id")) {
                id = Id.parse(p.getText());
            } else if (field.equals("blobs") && t == JsonToken.START_ARRAY) {
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    blobs.add(parseBlob(p, what));
                }
            } else {
                p.skipChildren();
            }
        }
        if (id == null) {
            throw new CorruptDataException(what, "pack entry without id");
        }
        return new Pack(id, blobs);
    }

    private static PackedBlob parseBlob(JsonParser p, String what) throws IOException {
        Id id = null;
        BlobType type = null;
        long offset = -1;
        long length = -1;
        long ulen = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "id" -> id = Id.parse(p.getText());
                case "type" -> type = BlobType.ofJson(p.getText());
                case "offset" -> offset = p.getLongValue();
                case "length" -> length = p.getLongValue();
                case "uncompressed_length" -> ulen = p.getLongValue();
                default -> p.skipChildren();
            }
        }
        if (id == null
                || type == null
                || offset < 0
                || length <= 0
                || length > Integer.MAX_VALUE
                || ulen < 0
                || ulen > Integer.MAX_VALUE) {
            throw new CorruptDataException(what, "incomplete or invalid blob entry " + id);
        }
        return new PackedBlob(type, id, offset, (int) length, (int) ulen);
    }

    private static void expect(JsonToken actual, JsonToken expected, String what) throws CorruptDataException {
        if (actual != expected) {
            throw new CorruptDataException(what, "expected " + expected + " but found " + actual);
        }
    }
}

package io.holdfast.format.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * safetensors: {@code u64le N}, {@code N} bytes of UTF-8 JSON mapping tensor names to {@code {"dtype", "shape",
 * "data_offsets": [begin, end]}} (offsets relative to byte {@code 8 + N}) plus an optional {@code __metadata__} map of
 * strings; then the data, which the tensors must tile exactly.
 */
final class SafetensorsParser {
    /** The largest header accepted, as the reference implementation. */
    static final long MAX_HEADER = 100L << 20;

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(64)
                    .maxNumberLength(40)
                    .maxStringLength(1 << 20)
                    .build())
            .build();

    private static final Map<String, DType> DTYPES = Map.ofEntries(
            Map.entry("F64", DType.F64),
            Map.entry("F32", DType.F32),
            Map.entry("F16", DType.F16),
            Map.entry("BF16", DType.BF16),
            Map.entry("F8_E4M3", DType.F8_E4M3),
            Map.entry("F8_E5M2", DType.F8_E5M2),
            Map.entry("I64", DType.I64),
            Map.entry("I32", DType.I32),
            Map.entry("I16", DType.I16),
            Map.entry("I8", DType.I8),
            Map.entry("U64", DType.U64),
            Map.entry("U32", DType.U32),
            Map.entry("U16", DType.U16),
            Map.entry("U8", DType.U8),
            Map.entry("BOOL", DType.BOOL),
            Map.entry("C64", DType.C64));

    private SafetensorsParser() {}

    /** Whether the first bytes look like safetensors: a plausible header length followed by '{'. */
    static boolean sniff(byte[] head, int len) {
        if (len < 10) {
            return false;
        }
        long n = Bytes.u64le(head, 0);
        return n >= 2 && n <= MAX_HEADER && head[8] == '{';
    }

    static ModelLayout parse(ModelSource src) throws IOException {
        String file = src.name();
        long size = src.size();
        byte[] len = new byte[8];
        src.read(0, len, 0, 8);
        long n = Bytes.u64le(len, 0);
        if (n < 2 || n > MAX_HEADER) {
            throw new InvalidModelException(
                    file, null, 0, 8, "header length " + Long.toUnsignedString(n) + " is absurd");
        }
        if (8 + n > size) {
            throw new InvalidModelException(
                    file, null, 8, 8 + n, "header runs past the end of the file (" + size + " bytes): truncated");
        }
        byte[] header = new byte[(int) n];
        src.read(8, header, 0, header.length);
        long dataStart = 8 + n;
        List<TensorExtent> tensors = new ArrayList<>();
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(header))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidModelException(file, null, 8, dataStart, "header is not UTF-8");
        }
        try (JsonParser p = JSON.createParser(text)) {
            expect(file, p, p.nextToken() == JsonToken.START_OBJECT, "header is not a JSON object");
            Set<String> names = new HashSet<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("__metadata__")) {
                    expect(file, p, value == JsonToken.START_OBJECT, "__metadata__ is not an object");
                    p.skipChildren();
                    continue;
                }
                expect(file, p, names.add(name), "tensor \"" + name + "\" appears twice");
                expect(file, p, value == JsonToken.START_OBJECT, "tensor \"" + name + "\" is not an object");
                tensors.add(tensor(file, p, name, dataStart));
            }
            expect(file, p, p.currentToken() == JsonToken.END_OBJECT, "header JSON is malformed");
            JsonToken trailing = p.nextToken();
            expect(file, p, trailing == null, "header has data after its JSON object");
        } catch (JsonProcessingException e) {
            throw new InvalidModelException(
                    file, null, 8, dataStart, "header is not valid JSON: " + e.getOriginalMessage());
        }
        List<String> warnings = new ArrayList<>();
        Extents.check(file, tensors, dataStart, size, true, warnings);
        return new ModelLayout(ModelFormat.SAFETENSORS, tensors, size, List.of(), warnings);
    }

    private static TensorExtent tensor(String file, JsonParser p, String name, long dataStart) throws IOException {
        String dtype = null;
        List<Long> shape = null;
        long[] offsets = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "dtype" -> {
                    expect(file, p, v == JsonToken.VALUE_STRING, "tensor \"" + name + "\": dtype is not a string");
                    dtype = p.getText();
                }
                case "shape" -> shape = longs(file, p, name, "shape");
                case "data_offsets" -> {
                    List<Long> o = longs(file, p, name, "data_offsets");
                    expect(file, p, o.size() == 2, "tensor \"" + name + "\": data_offsets needs two numbers");
                    offsets = new long[] {o.get(0), o.get(1)};
                }
                default -> p.skipChildren();
            }
        }
        if (dtype == null || shape == null || offsets == null) {
            throw new InvalidModelException(file, name, -1, -1, "lacks dtype, shape or data_offsets");
        }
        DType t = DTYPES.get(dtype);
        if (t == null) {
            throw new InvalidModelException(file, name, -1, -1, "has unknown dtype \"" + dtype + "\"");
        }
        if (offsets[1] < offsets[0] || offsets[1] > Long.MAX_VALUE - dataStart) {
            throw new InvalidModelException(
                    file, name, offsets[0], offsets[1], "has data_offsets that end before they begin or overflow");
        }
        return new TensorExtent(name, t, shape, dataStart + offsets[0], offsets[1] - offsets[0]);
    }

    private static List<Long> longs(String file, JsonParser p, String tensor, String field) throws IOException {
        expect(
                file,
                p,
                p.currentToken() == JsonToken.START_ARRAY,
                "tensor \"" + tensor + "\": " + field + " not a list");
        List<Long> out = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            expect(file, p, t == JsonToken.VALUE_NUMBER_INT, "tensor \"" + tensor + "\": " + field + " not integers");
            expect(file, p, p.getNumberType() != JsonParser.NumberType.BIG_INTEGER, field + " value too large");
            long v = p.getLongValue();
            expect(file, p, v >= 0, "tensor \"" + tensor + "\": " + field + " has a negative value");
            expect(file, p, out.size() < 64, "tensor \"" + tensor + "\": " + field + " too long");
            out.add(v);
        }
        return out;
    }

    private static void expect(String file, JsonParser p, boolean ok, String message) throws InvalidModelException {
        if (!ok) {
            long at = 8 + Math.max(0, p.currentLocation().getCharOffset());
            throw new InvalidModelException(file, null, at, -1, message);
        }
    }
}

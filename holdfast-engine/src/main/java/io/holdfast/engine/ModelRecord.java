package io.holdfast.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.holdfast.format.CorruptDataException;
import io.holdfast.format.FormatJson;
import io.holdfast.format.json.RawJson;
import io.holdfast.format.model.InvalidModelException;
import io.holdfast.format.model.ModelLayout;
import io.holdfast.format.tree.Node;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What a backup learned about a model file, stored in the file's tree node as the field {@value #FIELD}. restic
 * ignores unknown node fields, and its prune and copy move tree blobs byte for byte, so the record survives them.
 *
 * @param format the format id ({@code safetensors}, {@code gguf}, ...), or {@code unknown} if the header did not parse
 * @param tensors tensors in the file
 * @param parameters total elements
 * @param dtypes tensors per dtype
 * @param status {@code ok}, {@code warnings} or {@code invalid}
 * @param problem the validation error or the first warning, or null
 */
public record ModelRecord(
        String format,
        long tensors,
        long parameters,
        Map<String, Integer> dtypes,
        String status,
        @Nullable String problem) {
    /** The tree node field that holds the record. */
    public static final String FIELD = "holdfast_model";

    public ModelRecord {
        dtypes = Map.copyOf(new TreeMap<>(dtypes));
    }

    /** The record of a model that parsed. */
    public static ModelRecord of(ModelLayout l) {
        String status = l.warnings().isEmpty() ? "ok" : "warnings";
        return new ModelRecord(
                l.format().id(),
                l.tensors().size() + l.external().size(),
                l.parameterCount(),
                l.dtypeCounts(),
                status,
                l.warnings().isEmpty() ? null : l.warnings().get(0));
    }

    /** The record of a model that failed validation; {@code file} is stripped from the message. */
    public static ModelRecord invalid(String format, InvalidModelException e) {
        String msg = e.getMessage();
        String prefix = e.file() + ": ";
        if (msg != null && msg.startsWith(prefix)) {
            msg = msg.substring(prefix.length());
        }
        return new ModelRecord(format, 0, 0, Map.of(), "invalid", msg);
    }

    /** Whether the model failed validation. */
    public boolean invalid() {
        return status.equals("invalid");
    }

    /** This record as the JSON stored in the node. */
    public RawJson toJson() {
        ObjectNode o = FormatJson.object();
        o.put("format", format).put("tensors", tensors).put("parameters", parameters);
        ObjectNode d = o.putObject("dtypes");
        new TreeMap<>(dtypes).forEach(d::put);
        o.put("status", status);
        if (problem != null) {
            o.put("problem", problem);
        }
        return RawJson.of(new String(FormatJson.bytes(o), java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The record stored in {@code node}, if any (a malformed one reads as absent). */
    public static Optional<ModelRecord> of(Node node) {
        RawJson raw = node.unknownFields().get(FIELD);
        if (raw == null) {
            return Optional.empty();
        }
        try {
            JsonNode o = FormatJson.parseObject(raw.bytes(), "model record");
            Map<String, Integer> dtypes = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = o.path("dtypes").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                dtypes.put(e.getKey(), e.getValue().asInt());
            }
            JsonNode problem = o.get("problem");
            return Optional.of(new ModelRecord(
                    o.path("format").asText("unknown"),
                    o.path("tensors").asLong(),
                    o.path("parameters").asLong(),
                    dtypes,
                    o.path("status").asText("ok"),
                    problem == null || problem.isNull() ? null : problem.asText()));
        } catch (CorruptDataException e) {
            return Optional.empty();
        }
    }
}

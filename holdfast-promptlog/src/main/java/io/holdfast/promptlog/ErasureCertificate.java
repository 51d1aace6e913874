package io.holdfast.promptlog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Proof that a subject was erased: its keyed hash, when, why, by whom, the key ids destroyed and the snapshots that
 * held its records, chained by {@code prev} to the previous certificate's {@code hash} (SHA-256 of the certificate's
 * JSON without the {@code hash} field). Holds no personal data.
 */
public record ErasureCertificate(
        long seq,
        String subjectHash,
        String time,
        String reason,
        String operator,
        String host,
        String keystore,
        List<String> keyIds,
        List<String> snapshots,
        String prev,
        String hash) {
    /** {@code prev} of the first certificate. */
    public static final String GENESIS = "0".repeat(64);

    public ErasureCertificate {
        keyIds = List.copyOf(keyIds);
        snapshots = List.copyOf(snapshots);
    }

    /** A new certificate with its hash computed. */
    static ErasureCertificate create(
            long seq,
            String subjectHash,
            String time,
            String reason,
            String operator,
            String host,
            String keystore,
            List<String> keyIds,
            List<String> snapshots,
            String prev) {
        ErasureCertificate c = new ErasureCertificate(
                seq, subjectHash, time, reason, operator, host, keystore, keyIds, snapshots, prev, "");
        return new ErasureCertificate(
                seq, subjectHash, time, reason, operator, host, keystore, keyIds, snapshots, prev, c.computeHash());
    }

    String computeHash() {
        return EnvelopeFormat.sha256Hex(body().toString().getBytes(StandardCharsets.UTF_8));
    }

    private ObjectNode body() {
        ObjectNode o = EnvelopeFormat.JSON.createObjectNode();
        o.put("type", "holdfast-erasure-certificate");
        o.put("seq", seq);
        o.put("subject_hash", subjectHash);
        o.put("time", time);
        o.put("reason", reason);
        o.put("operator", operator);
        o.put("host", host);
        o.put("keystore", keystore);
        ArrayNode k = o.putArray("key_ids");
        keyIds.forEach(k::add);
        ArrayNode s = o.putArray("snapshots");
        snapshots.forEach(s::add);
        o.put("prev", prev);
        return o;
    }

    /** The certificate as one line of JSON, hash included. */
    public String toJson() {
        ObjectNode o = body();
        o.put("hash", hash);
        return o.toString();
    }

    static ErasureCertificate parse(String line) throws IOException {
        JsonNode o = EnvelopeFormat.JSON.readTree(line);
        return new ErasureCertificate(
                o.path("seq").asLong(),
                o.path("subject_hash").asText(),
                o.path("time").asText(),
                o.path("reason").asText(),
                o.path("operator").asText(),
                o.path("host").asText(),
                o.path("keystore").asText(),
                strings(o.path("key_ids")),
                strings(o.path("snapshots")),
                o.path("prev").asText(),
                o.path("hash").asText());
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(n -> out.add(n.asText()));
        return out;
    }
}

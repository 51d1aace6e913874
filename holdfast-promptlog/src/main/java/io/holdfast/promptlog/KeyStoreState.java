package io.holdfast.promptlog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The decrypted content of a local key store: its secret, the subjects' keys, the subject index, erased subjects. */
final class KeyStoreState {
    final String id;
    final byte[] secret;
    final Map<String, List<SubjectKey>> keys = new LinkedHashMap<>();
    final Map<String, SubjectKey> byId = new HashMap<>();
    final List<SubjectIndexEntry> index = new ArrayList<>();
    final Set<String> erased = new LinkedHashSet<>();

    KeyStoreState(String id, byte[] secret) {
        this.id = id;
        this.secret = secret.clone();
    }

    void addKey(String hash, SubjectKey k) {
        if (byId.putIfAbsent(k.idHex(), k) == null) {
            keys.computeIfAbsent(hash, h -> new ArrayList<>()).add(k);
        }
    }

    /** Removes a subject's keys and index lines; returns the key ids removed. */
    List<String> destroy(String hash) {
        erased.add(hash);
        List<String> ids = new ArrayList<>();
        List<SubjectKey> ks = keys.remove(hash);
        if (ks != null) {
            for (SubjectKey k : ks) {
                byId.remove(k.idHex());
                ids.add(k.idHex());
            }
        }
        index.removeIf(e -> e.subjectHash().equals(hash));
        return ids;
    }

    byte[] toJson() throws IOException {
        ObjectNode o = EnvelopeFormat.JSON.createObjectNode();
        o.put("version", 1);
        o.put("id", id);
        o.put("secret", Base64.getEncoder().encodeToString(secret));
        ArrayNode ka = o.putArray("keys");
        keys.forEach((h, list) -> list.forEach(k -> ka.addObject()
                .put("subject", h)
                .put("id", k.idHex())
                .put("key", Base64.getEncoder().encodeToString(k.key()))));
        ArrayNode ia = o.putArray("index");
        for (SubjectIndexEntry e : index) {
            ObjectNode n = ia.addObject()
                    .put("subject", e.subjectHash())
                    .put("snapshot", e.snapshot())
                    .put("path", e.path())
                    .put("records", e.records());
            if (e.first() != null) {
                n.put("first", e.first());
            }
            if (e.last() != null) {
                n.put("last", e.last());
            }
        }
        ArrayNode ea = o.putArray("erased");
        erased.forEach(ea::add);
        return EnvelopeFormat.JSON.writeValueAsBytes(o);
    }

    static KeyStoreState parse(byte[] json) throws IOException {
        JsonNode o = EnvelopeFormat.JSON.readTree(json);
        if (o.path("version").asInt() != 1) {
            throw new IOException("key store version " + o.path("version") + " is not supported");
        }
        KeyStoreState s = new KeyStoreState(
                o.path("id").asText(),
                Base64.getDecoder().decode(o.path("secret").asText()));
        for (JsonNode k : o.path("keys")) {
            s.addKey(
                    k.path("subject").asText(),
                    new SubjectKey(
                            HexFormat.of().parseHex(k.path("id").asText()),
                            Base64.getDecoder().decode(k.path("key").asText())));
        }
        for (JsonNode e : o.path("index")) {
            s.index.add(new SubjectIndexEntry(
                    e.path("subject").asText(),
                    e.path("snapshot").asText(),
                    e.path("path").asText(),
                    e.path("records").asLong(),
                    e.hasNonNull("first") ? e.path("first").asText() : null,
                    e.hasNonNull("last") ? e.path("last").asText() : null));
        }
        for (JsonNode e : o.path("erased")) {
            s.erased.add(e.asText());
        }
        return s;
    }
}

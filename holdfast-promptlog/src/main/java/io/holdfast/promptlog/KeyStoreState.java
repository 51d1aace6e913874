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

    /**
     * The JSON form. Subject hashes are written once, in {@code subjects}; keys and index rows refer to them by
     * position, and index rows are grouped per snapshot file, which keeps the file (and an erasure's rewrite of it)
     * small: {@code {"version":2,"id","secret","subjects":[hash],"keys":[[subject,id,key]],
     * "index":[{"snapshot","path","rows":[[subject,records,first,last]]}],"erased":[hash]}}.
     */
    byte[] toJson() throws IOException {
        ObjectNode o = EnvelopeFormat.JSON.createObjectNode();
        o.put("version", 2);
        o.put("id", id);
        o.put("secret", Base64.getEncoder().encodeToString(secret));
        Map<String, Integer> ordinal = new LinkedHashMap<>();
        keys.keySet().forEach(h -> ordinal.putIfAbsent(h, ordinal.size()));
        index.forEach(e -> ordinal.putIfAbsent(e.subjectHash(), ordinal.size()));
        ArrayNode sa = o.putArray("subjects");
        ordinal.keySet().forEach(sa::add);
        ArrayNode ka = o.putArray("keys");
        keys.forEach((h, list) -> list.forEach(k -> ka.addArray()
                .add(ordinal.get(h))
                .add(k.idHex())
                .add(Base64.getEncoder().encodeToString(k.key()))));
        ArrayNode ia = o.putArray("index");
        ObjectNode group = null;
        for (SubjectIndexEntry e : index) {
            if (group == null
                    || !group.path("snapshot").asText().equals(e.snapshot())
                    || !group.path("path").asText().equals(e.path())) {
                group = ia.addObject().put("snapshot", e.snapshot()).put("path", e.path());
                group.putArray("rows");
            }
            ArrayNode row = ((ArrayNode) group.get("rows")).addArray();
            row.add(ordinal.get(e.subjectHash())).add(e.records());
            if (e.first() != null || e.last() != null) {
                row.add(e.first()).add(e.last());
            }
        }
        ArrayNode ea = o.putArray("erased");
        erased.forEach(ea::add);
        return EnvelopeFormat.JSON.writeValueAsBytes(o);
    }

    static KeyStoreState parse(byte[] json) throws IOException {
        JsonNode o = EnvelopeFormat.JSON.readTree(json);
        if (o.path("version").asInt() != 2) {
            throw new IOException("key store version " + o.path("version") + " is not supported");
        }
        KeyStoreState s = new KeyStoreState(
                o.path("id").asText(),
                Base64.getDecoder().decode(o.path("secret").asText()));
        List<String> subjects = new ArrayList<>();
        o.path("subjects").forEach(n -> subjects.add(n.asText()));
        for (JsonNode k : o.path("keys")) {
            s.addKey(
                    subjects.get(k.get(0).asInt()),
                    new SubjectKey(
                            HexFormat.of().parseHex(k.get(1).asText()),
                            Base64.getDecoder().decode(k.get(2).asText())));
        }
        for (JsonNode g : o.path("index")) {
            String snapshot = g.path("snapshot").asText();
            String path = g.path("path").asText();
            for (JsonNode r : g.path("rows")) {
                s.index.add(new SubjectIndexEntry(
                        subjects.get(r.get(0).asInt()),
                        snapshot,
                        path,
                        r.get(1).asLong(),
                        r.hasNonNull(2) ? r.get(2).asText() : null,
                        r.hasNonNull(3) ? r.get(3).asText() : null));
            }
        }
        for (JsonNode e : o.path("erased")) {
            s.erased.add(e.asText());
        }
        return s;
    }
}

package io.holdfast.format.tree;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import io.holdfast.format.CorruptDataException;
import io.holdfast.format.Id;
import io.holdfast.format.json.GoJsonReader;
import io.holdfast.format.json.GoJsonWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A directory's listing: nodes sorted by the bytes of their names (Go's string order), names unique. Its JSON is
 * {@code {"nodes":[...]}} followed by one newline, exactly as restic writes a tree blob, and its id is the SHA-256 of
 * those bytes. Immutable.
 */
public final class Tree {
    /** A tree without nodes; restic writes an empty directory as {@code {"nodes":[]}}. */
    public static final Tree EMPTY = new Tree(List.of());

    private static final Comparator<Node> BY_NAME = (a, b) -> Arrays.compareUnsigned(a.name, b.name);
    private static final SerializableString NODES = GoJsonWriter.name("nodes");

    private final List<Node> nodes;

    private Tree(List<Node> sortedUniqueNodes) {
        this.nodes = sortedUniqueNodes;
    }

    /**
     * A tree of these nodes, in name order.
     *
     * @throws IllegalArgumentException if two nodes have the same name
     */
    public static Tree of(Collection<Node> nodes) {
        List<Node> sorted = new ArrayList<>(nodes);
        sorted.sort(BY_NAME);
        for (int i = 1; i < sorted.size(); i++) {
            if (BY_NAME.compare(sorted.get(i - 1), sorted.get(i)) == 0) {
                throw new IllegalArgumentException("duplicate node name \"" + Node.quoted(sorted.get(i).name) + "\"");
            }
        }
        return new Tree(Collections.unmodifiableList(sorted));
    }

    /** The nodes, sorted by name. */
    public List<Node> nodes() {
        return nodes;
    }

    public int size() {
        return nodes.size();
    }

    public boolean isEmpty() {
        return nodes.isEmpty();
    }

    /** The node with this name ({@link Names#encode}), or {@code null}. */
    public @Nullable Node find(String name) {
        return find(Names.encode(name));
    }

    /** The node with this name, or {@code null}. */
    public @Nullable Node find(byte[] name) {
        int lo = 0;
        int hi = nodes.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Arrays.compareUnsigned(nodes.get(mid).name, name);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return nodes.get(mid);
            }
        }
        return null;
    }

    /** The tree blob's bytes: restic's JSON and a trailing newline. */
    public byte[] toJson() {
        GoJsonWriter w = new GoJsonWriter(16 + 400 * nodes.size());
        w.startObject().field(NODES).startArray();
        for (Node n : nodes) {
            NodeCodec.write(w, n);
        }
        return w.endArray().endObject().finish(true);
    }

    /** The id of the tree blob, the SHA-256 of {@link #toJson()}. */
    public Id id() {
        return Id.hash(toJson());
    }

    /**
     * Reads a tree blob. Unknown fields are kept; {@code "nodes":null} reads as an empty tree; nodes out of order are
     * sorted.
     *
     * @param id the blob's id, used in error messages
     * @throws CorruptDataException if the JSON is malformed, a node's type is unknown, a name is empty, {@code .},
     *     {@code ..} or contains {@code /} or NUL, or two nodes have the same name
     */
    public static Tree parse(Id id, byte[] json) throws CorruptDataException {
        String object = "tree " + id.hex();
        List<Node> nodes = new ArrayList<>();
        try (GoJsonReader r = GoJsonReader.of(json, object)) {
            r.expect(JsonToken.START_OBJECT);
            for (String field = r.nextField(); field != null; field = r.nextField()) {
                if (!field.equals("nodes")) {
                    r.raw();
                    continue;
                }
                nodes.clear();
                if (r.startArrayOrNull()) {
                    while (true) {
                        Node n = NodeCodec.readOrEnd(r);
                        if (n == null) {
                            break;
                        }
                        nodes.add(n);
                    }
                }
            }
            r.expectEnd();
        }
        boolean sorted = true;
        for (int i = 1; i < nodes.size() && sorted; i++) {
            sorted = BY_NAME.compare(nodes.get(i - 1), nodes.get(i)) < 0;
        }
        if (sorted) {
            return new Tree(Collections.unmodifiableList(nodes));
        }
        try {
            return of(nodes);
        } catch (IllegalArgumentException e) {
            throw new CorruptDataException(object, String.valueOf(e.getMessage()), e);
        }
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof Tree t && nodes.equals(t.nodes);
    }

    @Override
    public int hashCode() {
        return nodes.hashCode();
    }

    @Override
    public String toString() {
        return "Tree<" + nodes.size() + " nodes>";
    }
}

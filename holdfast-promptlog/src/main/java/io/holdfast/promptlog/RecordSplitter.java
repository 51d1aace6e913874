package io.holdfast.promptlog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Parses one JSONL line and finds its subject, its timestamp and the byte ranges of its personal fields, without
 * re-serializing anything: the line is later rebuilt from the exact bytes.
 */
final class RecordSplitter {
    private static final JsonFactory JSON = new JsonFactory();

    /** A parsed line: subject and timestamp as text, and personal spans as [start, end) byte offsets, in order. */
    record Split(String subject, @Nullable String timestamp, List<int[]> spans) {}

    /** A line that is not a record; the message says why. */
    static final class BadLine extends Exception {
        private static final long serialVersionUID = 1L;

        BadLine(String message) {
            super(message);
        }
    }

    private final String subjectPointer;
    private final @Nullable String timestampPointer;
    private final Set<String> personal;
    private final boolean wholeRecord;
    /** The last reference token (unescaped) of every pointer looked for: other values need no pointer built. */
    private final Set<String> lastTokens = new HashSet<>();

    RecordSplitter(PromptLogOptions opts) {
        this.subjectPointer = opts.subject();
        this.timestampPointer = opts.timestamp();
        this.personal = new HashSet<>(opts.personal());
        this.wholeRecord = opts.personal().isEmpty();
        if (!wholeRecord) {
            personal.add(opts.subject());
        }
        lastTokens.add(lastToken(subjectPointer));
        if (timestampPointer != null) {
            lastTokens.add(lastToken(timestampPointer));
        }
        for (String ptr : personal) {
            lastTokens.add(lastToken(ptr));
        }
    }

    /** A pointer's last reference token, unescaped as a field name or an index reads (the root's: the empty one). */
    static String lastToken(String pointer) {
        return pointer.substring(pointer.lastIndexOf('/') + 1)
                .replace("~1", "/")
                .replace("~0", "~");
    }

    /**
     * Whether the value a context's current token belongs to can be at a pointer looked for: its field name or index
     * is the last token of one of them (building the pointer of every value of every line cost more than parsing).
     */
    private boolean mayMatch(@Nullable JsonStreamContext ctx) {
        if (ctx == null || ctx.inRoot()) {
            return true;
        }
        if (ctx.inObject()) {
            String name = ctx.getCurrentName();
            return lastTokens.contains(name == null ? "" : name);
        }
        return lastTokens.contains(Integer.toString(ctx.getCurrentIndex()));
    }

    Split split(byte[] line, int len) throws BadLine {
        String subject = null;
        String ts = null;
        List<int[]> spans = new ArrayList<>();
        try (JsonParser p = JSON.createParser(line, 0, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadLine("not a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.END_OBJECT && p.getParsingContext().inRoot()) {
                    break;
                }
                if (t == JsonToken.FIELD_NAME || t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    continue;
                }
                boolean container = t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY;
                JsonStreamContext ctx = container ? p.getParsingContext().getParent() : p.getParsingContext();
                if (!mayMatch(ctx)) {
                    continue;
                }
                String ptr = pointer(ctx);
                int start = (int) p.currentTokenLocation().getByteOffset();
                if (ptr.equals(subjectPointer)) {
                    if (container || t == JsonToken.VALUE_NULL) {
                        throw new BadLine("subject at " + subjectPointer + " is not a string or number");
                    }
                    subject = p.getText();
                }
                if (ptr.equals(timestampPointer) && !container) {
                    ts = p.getText();
                }
                if (!wholeRecord && personal.contains(ptr)) {
                    if (container) {
                        p.skipChildren();
                    } else {
                        p.finishToken();
                    }
                    spans.add(new int[] {start, (int) p.currentLocation().getByteOffset()});
                }
            }
            if (t == null || p.nextToken() != null) {
                throw new BadLine(t == null ? "truncated JSON object" : "data after the JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new BadLine("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadLine("malformed JSON: " + e.getMessage());
        }
        if (subject == null) {
            throw new BadLine("no subject at " + subjectPointer);
        }
        if (wholeRecord) {
            spans.add(new int[] {0, len});
        }
        return new Split(subject, ts, spans);
    }

    /** The JSON pointer of the value a context's current token belongs to. */
    static String pointer(@Nullable JsonStreamContext ctx) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject()) {
                String name = c.getCurrentName();
                parts.add(name == null ? "" : name.replace("~", "~0").replace("/", "~1"));
            } else {
                parts.add(Integer.toString(c.getCurrentIndex()));
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = parts.size() - 1; i >= 0; i--) {
            sb.append('/').append(parts.get(i));
        }
        return sb.toString();
    }
}

package io.holdfast.promptlog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/** The key store's audit log ({@code PATH.audit}): one JSON line per create, erase, re-apply, backup and restore. */
final class Audit {
    private final Path path;
    private final Clock clock;

    Audit(Path path, Clock clock) {
        this.path = path;
        this.clock = clock;
    }

    void append(String action, String operator, String subjectHash, String certificate) throws IOException {
        ObjectNode o = EnvelopeFormat.JSON.createObjectNode();
        o.put("time", clock.instant().toString());
        o.put("action", action);
        o.put("user", System.getProperty("user.name", ""));
        if (!operator.isEmpty()) {
            o.put("operator", operator);
        }
        if (!subjectHash.isEmpty()) {
            o.put("subject_hash", subjectHash);
        }
        if (!certificate.isEmpty()) {
            o.put("certificate", certificate);
        }
        try (FileChannel ch = FileChannel.open(
                path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap((o + "\n").getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
    }
}

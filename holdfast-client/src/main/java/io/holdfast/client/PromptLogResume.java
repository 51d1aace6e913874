package io.holdfast.client;

import io.holdfast.engine.SourceContext;
import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.promptlog.EnvelopeCheckpoint;
import io.holdfast.promptlog.LocalKeyStore;
import io.holdfast.promptlog.PromptLogOptions;
import io.holdfast.repository.BlobLocation;
import io.holdfast.repository.Repository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Continuing a prompt log's envelope from the checkpoint of its last backup (docs/design.md §17.3), when that is safe:
 * the same repository and log file, the same options, no subject of the log erased or re-keyed since, the envelope's
 * blobs still in the repository, and the log's old bytes unchanged (their SHA-256 is compared). Anything else, and the
 * log is enveloped whole, as if there were no checkpoint.
 */
final class PromptLogResume {
    /**
     * How to continue: the envelope file starts with {@code prefix} (whole blobs of the last one), then {@code tail}
     * (the bytes of the next blob up to the checkpoint, to be cut again with what follows), then the new frames; the
     * log is read from {@code checkpoint.logBytes()}, whose SHA-256 so far is {@code digest}.
     */
    record Plan(EnvelopeCheckpoint checkpoint, MessageDigest digest, SourceContext.Content prefix, byte[] tail) {}

    /** A plan, or why there is none. */
    record Outcome(@Nullable Plan plan, String reason) {}

    private PromptLogResume() {}

    /** The name of a log's checkpoint: the repository, the log file's absolute path and the name it is stored under. */
    static String id(Repository repo, Path log, String name) {
        String s = repo.config().id() + "\0" + log.toAbsolutePath().normalize() + "\0" + name;
        return HexFormat.of().formatHex(LogPrefixDigest.sha256().digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The plan for {@code log}, whose digest {@code prefix} computes (on its own thread, from before the key store
     * holding the checkpoint was open), or why there is none.
     */
    static Outcome plan(
            Repository repo, LocalKeyStore keys, PromptLogOptions opts, Path log, String name, LogPrefixDigest prefix) {
        EnvelopeCheckpoint c;
        String id = id(repo, log, name);
        try {
            c = keys.loadCheckpoint(id);
        } catch (IOException | RuntimeException e) {
            return new Outcome(null, "its checkpoint cannot be read (" + e.getMessage() + ")");
        }
        if (c == null) {
            return new Outcome(null, "no checkpoint of an earlier backup");
        }
        if (!c.source().equals(id)) {
            return new Outcome(null, "the checkpoint belongs to another log");
        }
        String stale = c.stale(keys, opts);
        if (stale != null) {
            return new Outcome(null, stale);
        }
        try {
            if (Files.size(log) < c.logBytes()) {
                return new Outcome(null, "the log is shorter than at the last backup");
            }
            List<Id> blobs = new ArrayList<>();
            long start = 0;
            for (String hex : c.content()) {
                Id blob = Id.parse(hex);
                BlobLocation at = repo.index().lookup(BlobType.DATA, blob);
                if (at == null) {
                    return new Outcome(null, "the last backup's envelope is no longer in the repository");
                }
                long end = start + at.plaintextLength();
                if (end > c.envelopeBytes()) {
                    // the blob holding the checkpoint's end: its head is cut again with the new frames
                    byte[] data = repo.loadBlob(BlobType.DATA, blob);
                    byte[] tail = Arrays.copyOf(data, Math.toIntExact(c.envelopeBytes() - start));
                    return verified(c, prefix, new SourceContext.Content(blobs, start), tail);
                }
                blobs.add(blob);
                start = end;
            }
            if (start == c.envelopeBytes() && !blobs.isEmpty()) { // the end of the file: its last cut was not chosen
                byte[] last = repo.loadBlob(BlobType.DATA, blobs.remove(blobs.size() - 1));
                return verified(c, prefix, new SourceContext.Content(blobs, start - last.length), last);
            }
            return new Outcome(null, "the last backup's envelope is shorter than its checkpoint");
        } catch (IOException | RuntimeException e) {
            return new Outcome(null, "the last backup's envelope cannot be read (" + e.getMessage() + ")");
        }
    }

    /** The plan, if the log's first {@code c.logBytes()} bytes are the ones the checkpoint saw. */
    private static Outcome verified(
            EnvelopeCheckpoint c, LogPrefixDigest prefix, SourceContext.Content content, byte[] tail) {
        MessageDigest d;
        try {
            d = prefix.upTo(c.logBytes());
        } catch (IOException e) {
            return new Outcome(null, "the log's earlier lines cannot be read (" + e.getMessage() + ")");
        }
        if (d == null) {
            return new Outcome(null, "the log is shorter than at the last backup");
        }
        MessageDigest probe;
        try {
            probe = (MessageDigest) d.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
        if (!MessageDigest.isEqual(probe.digest(), c.logSha256())) {
            return new Outcome(null, "the log's earlier lines changed since the last backup");
        }
        return new Outcome(new Plan(c, d, content, tail), "");
    }
}

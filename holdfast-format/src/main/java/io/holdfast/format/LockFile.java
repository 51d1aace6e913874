package io.holdfast.format;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * A lock file's content, as restic writes it.
 *
 * @param time when the lock was created or last refreshed
 * @param exclusive exclusive (prune, key changes) or shared (backup, check, restore)
 * @param hostname the holder's host
 * @param username the holder's user
 * @param pid the holder's process id
 * @param uid the holder's uid
 * @param gid the holder's gid
 */
public record LockFile(
        OffsetDateTime time, boolean exclusive, String hostname, String username, long pid, long uid, long gid) {

    public byte[] toJson() {
        ObjectNode o = FormatJson.object();
        o.put("time", time.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        o.put("exclusive", exclusive);
        o.put("hostname", hostname);
        o.put("username", username);
        o.put("pid", pid);
        o.put("uid", uid);
        o.put("gid", gid);
        return FormatJson.bytes(o);
    }

    public static LockFile parse(byte[] json, String what) throws CorruptDataException {
        ObjectNode o = FormatJson.parseObject(json, what);
        try {
            OffsetDateTime t = OffsetDateTime.parse(FormatJson.text(o, "time", what));
            return new LockFile(
                    t,
                    o.path("exclusive").asBoolean(false),
                    o.path("hostname").asText(""),
                    o.path("username").asText(""),
                    o.path("pid").asLong(0),
                    o.path("uid").asLong(0),
                    o.path("gid").asLong(0));
        } catch (DateTimeParseException e) {
            throw new CorruptDataException(what, "invalid lock time", e);
        }
    }
}

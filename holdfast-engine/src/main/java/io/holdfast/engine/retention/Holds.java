package io.holdfast.engine.retention;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.holdfast.format.FormatJson;
import io.holdfast.format.Id;
import io.holdfast.repository.Repository;
import io.holdfast.storage.FileType;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Legal holds on snapshots, recorded as an append-only log of events (docs/design.md §2.3): each {@code hold add} or
 * {@code hold remove} writes one encrypted file {@code holdfast/holds/<id>} saying who, when, why and which snapshot.
 * Nothing is ever rewritten, so on locked storage the log itself is immutable. A snapshot is held while its latest
 * event is an {@code add}.
 */
public final class Holds {
    private Holds() {}

    /** Whether an event puts a hold on or lifts it. */
    public enum Action {
        ADD,
        REMOVE
    }

    /**
     * One event of the log.
     *
     * @param snapshot the snapshot's id
     * @param action what was done
     * @param reason why, as the user gave it
     * @param user who (the user name of the process, or the principal of the manager that ran it)
     * @param host where
     * @param time when
     */
    public record Event(Id snapshot, Action action, String reason, String user, String host, Instant time) {
        byte[] toJson() {
            ObjectNode o = FormatJson.object();
            o.put("snapshot", snapshot.hex());
            o.put("action", action.name().toLowerCase(java.util.Locale.ROOT));
            o.put("reason", reason);
            o.put("user", user);
            o.put("host", host);
            o.put("time", time.toString());
            return FormatJson.bytes(o);
        }

        static Event parse(byte[] json, String what) throws IOException {
            ObjectNode o = FormatJson.parseObject(json, what);
            try {
                return new Event(
                        Id.parse(FormatJson.text(o, "snapshot", what)),
                        Action.valueOf(FormatJson.text(o, "action", what).toUpperCase(java.util.Locale.ROOT)),
                        o.path("reason").asText(""),
                        o.path("user").asText(""),
                        o.path("host").asText(""),
                        Instant.parse(FormatJson.text(o, "time", what)));
            } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
                throw new io.holdfast.format.CorruptDataException(what, "not a hold record: " + e.getMessage());
            }
        }
    }

    /** Every event, oldest first. */
    public static List<Event> events(Repository repo) throws IOException {
        List<Event> out = new ArrayList<>();
        for (Id id : repo.list(FileType.HOLD)) {
            out.add(Event.parse(repo.loadJson(FileType.HOLD, id), "holdfast/holds/" + id.hex()));
        }
        out.sort(Comparator.comparing(Event::time).thenComparing(e -> e.action() == Action.REMOVE));
        return out;
    }

    /** The snapshots held now, each with the event that put the hold on. */
    public static Map<Id, Event> current(Repository repo) throws IOException {
        return current(events(repo));
    }

    /** The holds {@code events} (oldest first) leave on. */
    public static Map<Id, Event> current(List<Event> events) {
        Map<Id, Event> held = new LinkedHashMap<>();
        for (Event e : events) {
            if (e.action() == Action.ADD) {
                held.put(e.snapshot(), e);
            } else {
                held.remove(e.snapshot());
            }
        }
        return held;
    }

    /** Appends {@code event} to the log. */
    public static Id record(Repository repo, Event event) throws IOException {
        return repo.saveJson(FileType.HOLD, event.toJson());
    }
}

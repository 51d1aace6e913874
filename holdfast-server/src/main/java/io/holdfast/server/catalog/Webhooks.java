package io.holdfast.server.catalog;

import io.holdfast.server.security.SecretBox;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Webhook endpoints; each one's signing secret is sealed under the master key and never returned. */
public final class Webhooks {
    /** A webhook as the API shows it. */
    public record Webhook(String id, String url, List<String> events, long createdAt) {}

    /** What a delivery needs. */
    public record Endpoint(String id, String url, String secret, List<String> events) {}

    private final Jdbi jdbi;
    private final SecretBox box;
    private final Clock clock;

    public Webhooks(Catalog catalog, SecretBox box, Clock clock) {
        this.jdbi = catalog.jdbi();
        this.box = box;
        this.clock = clock;
    }

    public Webhook create(String url, String secret, List<String> events) {
        String id = Ids.next();
        long now = clock.millis();
        jdbi.useHandle(h -> h.createUpdate(
                        "INSERT INTO webhooks (id, url, secret, events, created_at)" + " VALUES (?, ?, ?, ?, ?)")
                .bind(0, id)
                .bind(1, url)
                .bind(2, box.seal(secret, id))
                .bind(3, Json.write(events))
                .bind(4, now)
                .execute());
        return new Webhook(id, url, List.copyOf(events), now);
    }

    public List<Webhook> list() {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT id, url, events, created_at FROM webhooks ORDER BY created_at")
                .map((rs, ctx) -> new Webhook(
                        rs.getString(1),
                        rs.getString(2),
                        List.of(Json.read(rs.getString(3), String[].class)),
                        rs.getLong(4)))
                .list());
    }

    public List<Endpoint> endpoints() {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, url, secret, events FROM webhooks")
                .map((rs, ctx) -> new Endpoint(
                        rs.getString(1),
                        rs.getString(2),
                        box.open(rs.getString(3), rs.getString(1)),
                        List.of(Json.read(rs.getString(4), String[].class))))
                .list());
    }

    public Optional<Webhook> get(String id) {
        return list().stream().filter(w -> w.id().equals(id)).findFirst();
    }

    public boolean delete(String id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM webhooks WHERE id = ?")
                        .bind(0, id)
                        .execute())
                > 0;
    }
}

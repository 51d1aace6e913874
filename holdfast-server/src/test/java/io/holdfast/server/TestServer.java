package io.holdfast.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.holdfast.server.catalog.Json;
import io.holdfast.server.catalog.Users;
import io.holdfast.server.jobs.Sleeper;
import io.holdfast.server.security.Role;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A server in this JVM on a free loopback port, with a token for every role, and an HTTP client for it. */
public final class TestServer implements AutoCloseable {
    /** A response: status and body. */
    public record Response(int status, String body) {
        public JsonNode json() {
            return Json.tree(body);
        }
    }

    public final Server server;
    public final Map<Role, String> tokens = new EnumMap<>(Role.class);
    public final String adminToken;
    private final HttpClient http = HttpClient.newHttpClient();

    public TestServer(ServerOptions options, Clock clock, Sleeper sleeper) throws IOException {
        StringWriter out = new StringWriter();
        this.server = Server.start(options.withListen("127.0.0.1", 0), clock, sleeper, new PrintWriter(out));
        Users users = server.context().users;
        String admin = null;
        for (Role r : Role.values()) {
            Users.User u = users.byName(r.label()).orElseGet(() -> users.create(r.label(), r));
            String t = users.createToken(u, "test").token();
            tokens.put(r, t);
            if (r == Role.ADMIN) {
                admin = t;
            }
        }
        this.adminToken = java.util.Objects.requireNonNull(admin);
    }

    public static TestServer start(Path dataDir) throws IOException {
        return new TestServer(ServerOptions.defaults(dataDir), Clock.systemUTC(), Sleeper.REAL);
    }

    public Response call(String method, String path, @Nullable String token, @Nullable String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits (up to a minute) until the job has finished; returns it. */
    public JsonNode awaitJob(String jobId) throws InterruptedException {
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(60);
        while (java.time.Instant.now().isBefore(deadline)) {
            JsonNode j = admin("GET", "/api/v1/jobs/" + jobId, null).json();
            if (!j.get("state").asText().matches("queued|running")) {
                return j;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + jobId + " did not finish within a minute");
    }

    /** Adds a target named {@code name}, creating its repository at {@code location} with password {@code pw}. */
    public void addTarget(String name, Path location) {
        Response r = admin(
                "POST",
                "/api/v1/targets",
                "{\"name\":\"" + name + "\",\"location\":\"" + location + "\",\"password\":\"pw\",\"init\":true}");
        if (r.status() != 201) {
            throw new AssertionError("target " + name + ": " + r.status() + " " + r.body());
        }
    }

    /** Runs the policy's backup stages now and waits for the first job; returns it. */
    public JsonNode runNow(String policyId) throws InterruptedException {
        Response r = admin("POST", "/api/v1/policies/" + policyId + "/run", null);
        if (r.status() != 202) {
            throw new AssertionError("run " + policyId + ": " + r.status() + " " + r.body());
        }
        return awaitJob(r.json().get(0).get("id").asText());
    }

    public Response admin(String method, String path, @Nullable String body) {
        return call(method, path, adminToken, body);
    }

    @Override
    public void close() throws InterruptedException {
        server.close();
    }
}

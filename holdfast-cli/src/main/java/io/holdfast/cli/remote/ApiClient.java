package io.holdfast.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.holdfast.server.catalog.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A small client of the manager's REST API for the CLI's client commands. */
public final class ApiClient {
    /** The server answered with an error; the message is the server's, on one line. */
    public static final class ApiError extends IOException {
        private static final long serialVersionUID = 1L;
        private final int status;

        ApiError(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final String base;
    private final String token;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ApiClient(String base, String token) {
        this.base = base;
        this.token = token;
    }

    public String base() {
        return base;
    }

    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public JsonNode get(String path) throws IOException {
        return send("GET", path, null);
    }

    /** GET that answers empty on 404. */
    public Optional<JsonNode> find(String path) throws IOException {
        try {
            return Optional.of(get(path));
        } catch (ApiError e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public JsonNode post(String path, @Nullable Object body) throws IOException {
        return send("POST", path, body == null ? null : Json.write(body));
    }

    public JsonNode put(String path, Object body) throws IOException {
        return send("PUT", path, Json.write(body));
    }

    private JsonNode send(String method, String path, @Nullable String body) throws IOException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> r;
        try {
            r = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new IOException("cannot reach the server at " + base + ": is 'holdfast server' running there?"
                    + " (set --server or HOLDFAST_SERVER)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        }
        if (r.statusCode() / 100 != 2) {
            String msg = "server answered " + r.statusCode();
            try {
                JsonNode err = Json.tree(r.body()).path("error");
                if (err.has("message")) {
                    msg = err.get("message").asText();
                    if (err.has("field")) {
                        msg = err.get("field").asText() + ": " + msg;
                    }
                }
            } catch (RuntimeException e) {
                // not JSON: keep the status
            }
            throw new ApiError(r.statusCode(), msg);
        }
        return r.body().isEmpty() ? Json.MAPPER.nullNode() : Json.tree(r.body());
    }
}

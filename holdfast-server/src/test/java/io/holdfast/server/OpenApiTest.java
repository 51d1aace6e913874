package io.holdfast.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.holdfast.server.api.OpenApi;
import io.holdfast.server.api.Route;
import io.holdfast.server.catalog.Json;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document served at /api/v1/openapi.json validates, has every route, and equals the committed
 * docs/openapi.json (regenerate: {@code -Dholdfast.openapi.write=true}).
 */
class OpenApiTest {
    @TempDir
    static Path dir;

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir.resolve("data"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void theServedDocumentValidatesAndHasEveryRoute() throws Exception {
        var resp = server.admin("GET", "/api/v1/openapi.json", null);
        assertThat(resp.status()).isEqualTo(200);
        SwaggerParseResult parsed = new OpenAPIParser().readContents(resp.body(), null, null);
        assertThat(parsed.getMessages()).isEmpty();
        assertThat(parsed.getOpenAPI().getOpenapi()).startsWith("3.1");
        JsonNode paths = resp.json().get("paths");
        for (Route r : server.server.api().routes()) {
            JsonNode op = paths.path(r.path()).path(r.method().toLowerCase(java.util.Locale.ROOT));
            assertThat(op.isMissingNode()).as(r.method() + " " + r.path()).isFalse();
            assertThat(op.get("x-permission").asText()).isEqualTo(r.permission().label());
        }
    }

    @Test
    void theCommittedDocumentIsCurrent() throws Exception {
        String doc = Json.MAPPER
                        .writerWithDefaultPrettyPrinter()
                        .writeValueAsString(OpenApi.document(server.server.api().routes(), "0.1.0"))
                + "\n";
        Path committed = Path.of(System.getProperty("holdfast.root", "..")).resolve("docs/openapi.json");
        if (Boolean.getBoolean("holdfast.openapi.write")) {
            Files.writeString(committed, doc);
        }
        assertThat(Files.readString(committed))
                .as("docs/openapi.json is stale: run ./mvnw -pl holdfast-server test -Dtest=OpenApiTest"
                        + " -Dholdfast.openapi.write=true")
                .isEqualTo(doc);
    }
}

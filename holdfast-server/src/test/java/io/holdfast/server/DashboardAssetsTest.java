package io.holdfast.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.server.catalog.StorageHistory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's files: served from the jar without a token under a strict content security policy, every module
 * the page imports exists, nothing is loaded from elsewhere, and no file name outside the dashboard can be asked for.
 */
class DashboardAssetsTest {
    @TempDir
    static Path dir;

    static TestServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir.resolve("data"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.server.port() + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePageIsServedWithoutATokenUnderAStrictPolicy() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp)
                .contains("default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.body()).doesNotContain("http://", "https://").doesNotContain("<script>");
        String etag = page.headers().firstValue("ETag").orElseThrow();
        assertThat(get("/", "If-None-Match", etag).statusCode()).isEqualTo(304);
    }

    @Test
    void everyImportedModuleExistsAndNothingComesFromElsewhere() throws Exception {
        Pattern imports = Pattern.compile("(?:import[^'\"]*|from\\s*)['\"](\\./|\\.\\./)([a-z0-9/_-]+\\.js)['\"]");
        Deque<String> todo = new ArrayDeque<>(List.of("app.js"));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String f = todo.pop();
            if (!seen.add(f)) {
                continue;
            }
            HttpResponse<String> r = get("/ui/" + f);
            assertThat(r.statusCode()).as(f).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
            assertThat(r.body())
                    .as(f)
                    .doesNotContain("innerHTML", "eval(", "document.write")
                    .doesNotContainPattern("(from|import\\(|fetch\\(|src:)\\s*['\"`]https?:");
            Matcher m = imports.matcher(r.body());
            String dirOf = f.contains("/") ? f.substring(0, f.lastIndexOf('/') + 1) : "";
            while (m.find()) {
                String target =
                        m.group(1).equals("../") ? dirOf.replaceFirst("[^/]+/$", "") + m.group(2) : dirOf + m.group(2);
                todo.push(target);
            }
        }
        assertThat(seen).contains("app.js", "lib.js", "chart.js", "pages/overview.js", "pages/restore-wizard.js");
        assertThat(get("/ui/app.css").statusCode()).isEqualTo(200);
        assertThat(get("/ui/logo.svg").headers().firstValue("Content-Type")).hasValue("image/svg+xml");
    }

    @Test
    void onlyDashboardFilesCanBeAskedFor() throws Exception {
        for (String p : List.of(
                "/ui/nosuch.js",
                "/ui/../db/migration/V1__catalog.sql",
                "/ui/%2e%2e/index.html",
                "/ui/pages/../../dashboard/index.html",
                "/ui/app.js.map",
                "/ui/.hidden.js")) {
            int status = get(p).statusCode();
            assertThat(status).as(p).isIn(400, 404);
        }
    }

    @Test
    void theStorageSeriesCountsEachTargetAtItsNewestSample() {
        List<StorageHistory.Point> points = StorageHistory.totals(
                List.of(
                        new StorageHistory.Sample("a", 1, 1, 100, 60, 30),
                        new StorageHistory.Sample("b", 2, 2, 50, 40, 20),
                        new StorageHistory.Sample("a", 3, 2, 200, 100, 50),
                        new StorageHistory.Sample("b", 3, 3, 80, 50, 25)),
                10);
        assertThat(points)
                .containsExactly(
                        new StorageHistory.Point(1, 1, 100, 60, 30),
                        new StorageHistory.Point(2, 3, 150, 100, 50),
                        new StorageHistory.Point(3, 5, 280, 150, 75));
        List<StorageHistory.Sample> many = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            many.add(new StorageHistory.Sample("a", i, 1, i, i, i));
        }
        List<StorageHistory.Point> thin = StorageHistory.totals(many, 200);
        assertThat(thin).hasSize(200);
        assertThat(thin.getFirst().at()).isZero();
        assertThat(thin.getLast().at()).isEqualTo(999);
    }
}

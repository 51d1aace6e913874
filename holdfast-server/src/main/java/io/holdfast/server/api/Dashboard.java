package io.holdfast.server.api;

import io.holdfast.server.security.Permission;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The web dashboard (docs/dashboard.md): static files in the jar under {@code /dashboard}, served at {@code /} and
 * {@code /ui/...} without a token (they hold no data; every datum comes from the API, which needs one). A strict
 * content security policy allows scripts, styles and connections to this server only, and no framing.
 */
final class Dashboard {
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self';"
            + " frame-ancestors 'none'";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*)*\\.(js|css|svg)");
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "html", "text/html; charset=utf-8");

    private record Asset(byte[] bytes, String type, String etag) {}

    private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

    void register(RoutesConfig routes) {
        routes.addHttpHandler(HandlerType.GET, "/", ctx -> serve(ctx, "index.html"), Permission.PUBLIC);
        routes.addHttpHandler(
                HandlerType.GET,
                "/ui/<file>",
                ctx -> {
                    String file = ctx.pathParam("file");
                    if (!NAME.matcher(file).matches()) {
                        throw ApiException.notFound("dashboard file " + file);
                    }
                    serve(ctx, "ui/" + file);
                },
                Permission.PUBLIC);
    }

    private void serve(Context ctx, String name) {
        Asset a = cache.computeIfAbsent(name, Dashboard::load)
                .orElseThrow(() -> ApiException.notFound("dashboard file " + name));
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Cache-Control", "no-cache");
        ctx.header("ETag", a.etag());
        if (a.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType(a.type()).result(a.bytes());
    }

    private static Optional<Asset> load(String name) {
        try (InputStream in = Dashboard.class.getResourceAsStream("/dashboard/" + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            String ext = name.substring(name.lastIndexOf('.') + 1);
            String hash = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))
                    .substring(0, 16);
            return Optional.of(
                    new Asset(bytes, TYPES.getOrDefault(ext, "application/octet-stream"), "\"" + hash + "\""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

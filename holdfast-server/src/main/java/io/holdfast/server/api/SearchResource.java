package io.holdfast.server.api;

import io.holdfast.server.ServerContext;
import io.holdfast.server.security.Permission;

/** {@code /api/v1/search}: find files by name across every copy; list one file's versions over time. */
final class SearchResource implements Routes.Resource {
    private final ServerContext server;

    SearchResource(ServerContext server) {
        this.server = server;
    }

    @Override
    public void register(Routes r) {
        r.get(
                "/api/v1/search",
                Permission.COPY_READ,
                "Files whose name contains q (case-insensitive), across all"
                        + " copies, with their newest version (q, limit)",
                ctx -> {
                    String q = ctx.queryParam("q");
                    if (q == null || q.isBlank()) {
                        throw ApiException.badRequest("give the text to look for: ?q=...");
                    }
                    ctx.json(server.files.search(q, Requests.intQuery(ctx, "limit", 50)));
                });
        r.get(
                "/api/v1/search/versions",
                Permission.COPY_READ,
                "Every version of one file (path), oldest first, marking" + " where it changed",
                ctx -> {
                    String path = ctx.queryParam("path");
                    if (path == null || !path.startsWith("/")) {
                        throw ApiException.badRequest("give the file's absolute path: ?path=/...");
                    }
                    ctx.json(server.files.versions(path));
                });
    }
}

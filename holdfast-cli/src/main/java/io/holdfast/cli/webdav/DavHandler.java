package io.holdfast.cli.webdav;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.holdfast.engine.SnapshotFileSource;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.NodeType;
import io.holdfast.repository.Repository;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A read-only WebDAV (RFC 4918, class 1) view of {@link SnapshotTree}: {@code OPTIONS}, {@code PROPFIND} (depth 0
 * and 1), {@code GET} and {@code HEAD} (with single byte ranges); every other method is 405. Every request needs
 * HTTP basic authentication with the session's password. Symbolic links appear as small files holding their target.
 */
final class DavHandler implements HttpHandler {
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final Repository repo;
    private final SnapshotTree tree;
    private final byte[] expectedAuth;

    DavHandler(Repository repo, SnapshotTree tree, String password) {
        this.repo = repo;
        this.tree = tree;
        this.expectedAuth = ("Basic "
                        + Base64.getEncoder().encodeToString(("holdfast:" + password).getBytes(StandardCharsets.UTF_8)))
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(HttpExchange x) throws IOException {
        try (x) {
            String auth = x.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !MessageDigest.isEqual(auth.getBytes(StandardCharsets.UTF_8), expectedAuth)) {
                x.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"holdfast\", charset=\"UTF-8\"");
                send(x, 401, "text/plain", "user holdfast and the password webdav printed are needed\n");
                return;
            }
            String method = x.getRequestMethod();
            switch (method) {
                case "OPTIONS" -> {
                    x.getResponseHeaders().set("DAV", "1");
                    x.getResponseHeaders().set("Allow", "OPTIONS, GET, HEAD, PROPFIND");
                    x.sendResponseHeaders(200, -1);
                }
                case "PROPFIND", "GET", "HEAD" -> serve(x, method);
                default -> {
                    x.getResponseHeaders().set("Allow", "OPTIONS, GET, HEAD, PROPFIND");
                    send(x, 405, "text/plain", "read-only: snapshots cannot be changed through WebDAV\n");
                }
            }
        } catch (IOException | RuntimeException e) {
            try {
                send(x, 500, "text/plain", "cannot read the repository: " + e.getMessage() + "\n");
            } catch (IOException | RuntimeException ignored) {
                // the response had started; the client sees a cut-off body
            }
        }
    }

    private void serve(HttpExchange x, String method) throws IOException {
        List<byte[]> segments = DavPaths.segments(x.getRequestURI().getRawPath());
        SnapshotTree.Entry e = tree.resolve(segments);
        if (e == null) {
            send(x, 404, "text/plain", "not found\n");
            return;
        }
        String href = DavPaths.href(segments, isCollection(e));
        if (method.equals("PROPFIND")) {
            String depth = x.getRequestHeaders().getFirst("Depth");
            x.getRequestBody().readAllBytes();
            StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
                    .append("<D:multistatus xmlns:D=\"DAV:\">\n");
            response(xml, href, e);
            if (!"0".equals(depth) && isCollection(e)) {
                for (Child c : children(e)) {
                    List<byte[]> sub = new ArrayList<>(segments);
                    sub.add(c.name());
                    response(xml, DavPaths.href(sub, isCollection(c.entry())), c.entry());
                }
            }
            xml.append("</D:multistatus>\n");
            send(x, 207, "application/xml; charset=utf-8", xml.toString());
            return;
        }
        if (isCollection(e)) {
            StringBuilder html = new StringBuilder("<!doctype html><meta charset=utf-8><title>Holdfast</title><ul>");
            for (Child c : children(e)) {
                String name = DavPaths.display(c.name());
                html.append("<li><a href=\"")
                        .append(DavPaths.segment(c.name()))
                        .append(isCollection(c.entry()) ? "/" : "")
                        .append("\">")
                        .append(DavPaths.escape(name))
                        .append(isCollection(c.entry()) ? "/" : "")
                        .append("</a>");
            }
            send(
                    x,
                    200,
                    "text/html; charset=utf-8",
                    method.equals("HEAD") ? "" : html.append("</ul>").toString());
            return;
        }
        SnapshotTree.InSnapshot f = (SnapshotTree.InSnapshot) e;
        Node n = java.util.Objects.requireNonNull(f.node());
        x.getResponseHeaders().set("Last-Modified", HTTP_DATE.format(f.modified()));
        x.getResponseHeaders().set("Accept-Ranges", "bytes");
        x.getResponseHeaders().set("Content-Type", "application/octet-stream");
        if (n.type() == NodeType.SYMLINK) {
            byte[] target = n.linkTargetBytes();
            x.sendResponseHeaders(200, method.equals("HEAD") ? -1 : target.length);
            x.getResponseBody().write(method.equals("HEAD") ? new byte[0] : target);
            return;
        }
        SnapshotFileSource src = new SnapshotFileSource(repo, f.path(), n);
        long size = src.size();
        long[] range = DavPaths.range(x.getRequestHeaders().getFirst("Range"), size);
        if (range == null) {
            x.getResponseHeaders().set("Content-Range", "bytes */" + size);
            x.sendResponseHeaders(416, -1);
            return;
        }
        boolean partial = range[0] != 0 || range[1] != size;
        if (partial) {
            x.getResponseHeaders().set("Content-Range", "bytes " + range[0] + "-" + (range[1] - 1) + "/" + size);
        }
        long length = range[1] - range[0];
        if (method.equals("HEAD")) {
            x.getResponseHeaders().set("Content-Length", Long.toString(length));
            x.sendResponseHeaders(partial ? 206 : 200, -1);
            return;
        }
        x.sendResponseHeaders(partial ? 206 : 200, length == 0 ? -1 : length);
        OutputStream out = x.getResponseBody();
        if (!partial) {
            src.transferTo(out);
            return;
        }
        byte[] buf = new byte[1 << 20];
        for (long pos = range[0]; pos < range[1]; ) {
            int len = (int) Math.min(buf.length, range[1] - pos);
            src.read(pos, buf, 0, len);
            out.write(buf, 0, len);
            pos += len;
        }
    }

    private record Child(byte[] name, SnapshotTree.Entry entry) {}

    private List<Child> children(SnapshotTree.Entry e) throws IOException {
        List<Child> out = new ArrayList<>();
        if (e instanceof SnapshotTree.Virtual v) {
            for (Map.Entry<String, SnapshotTree.Entry> c : v.children().entrySet()) {
                out.add(new Child(c.getKey().getBytes(StandardCharsets.UTF_8), c.getValue()));
            }
        } else {
            SnapshotTree.InSnapshot dir = (SnapshotTree.InSnapshot) e;
            for (Node n : tree.children(dir)) {
                out.add(new Child(
                        n.nameBytes(),
                        new SnapshotTree.InSnapshot(n.name(), dir.snapshot(), n, dir.path() + "/" + n.name())));
            }
        }
        return out;
    }

    private static boolean isCollection(SnapshotTree.Entry e) {
        return e instanceof SnapshotTree.Virtual || ((SnapshotTree.InSnapshot) e).directory();
    }

    private static void response(StringBuilder xml, String href, SnapshotTree.Entry e) {
        Instant modified =
                e instanceof SnapshotTree.Virtual v ? v.modified() : ((SnapshotTree.InSnapshot) e).modified();
        xml.append("<D:response><D:href>")
                .append(DavPaths.escape(href))
                .append("</D:href><D:propstat><D:prop>")
                .append("<D:displayname>")
                .append(DavPaths.escape(e.name()))
                .append("</D:displayname>")
                .append("<D:getlastmodified>")
                .append(HTTP_DATE.format(modified))
                .append("</D:getlastmodified>");
        if (isCollection(e)) {
            xml.append("<D:resourcetype><D:collection/></D:resourcetype>");
        } else {
            Node n = java.util.Objects.requireNonNull(((SnapshotTree.InSnapshot) e).node());
            long size = n.type() == NodeType.SYMLINK ? n.linkTargetBytes().length : n.size();
            xml.append("<D:resourcetype/><D:getcontentlength>")
                    .append(size)
                    .append("</D:getcontentlength><D:getcontenttype>application/octet-stream</D:getcontenttype>");
        }
        xml.append("</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>\n");
    }

    private static void send(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            x.getResponseBody().write(bytes);
        }
    }
}

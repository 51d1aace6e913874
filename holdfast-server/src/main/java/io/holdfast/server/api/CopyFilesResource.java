package io.holdfast.server.api;

import io.holdfast.client.Holdfast;
import io.holdfast.engine.ModelRecord;
import io.holdfast.engine.SnapshotFileSource;
import io.holdfast.engine.TreeWalker;
import io.holdfast.format.Id;
import io.holdfast.format.model.InvalidModelException;
import io.holdfast.format.model.ModelFiles;
import io.holdfast.format.model.ModelLayout;
import io.holdfast.format.model.TensorExtent;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.NodeType;
import io.holdfast.server.ServerContext;
import io.holdfast.server.catalog.Copies;
import io.holdfast.server.jobs.Repos;
import io.holdfast.server.security.Permission;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One file of a copy: its bytes (a download, audited like a restore and allowed to the roles that may restore) and,
 * for a model file, its tensors and the validation result stored at backup, read from the file's header alone.
 */
final class CopyFilesResource implements Routes.Resource {
    /** Tensors listed at most; the count is always given. */
    static final int MAX_TENSORS = 5_000;

    private final ServerContext server;

    CopyFilesResource(ServerContext server) {
        this.server = server;
    }

    @Override
    public void register(Routes r) {
        r.get(
                "/api/v1/copies/{target}/{snapshot}/file",
                Permission.RESTORE_RUN,
                "Download one file of a copy (path)",
                this::download);
        r.get(
                "/api/v1/copies/{target}/{snapshot}/model",
                Permission.COPY_READ,
                "A model file's format, tensors and stored validation state (path)",
                this::model);
    }

    private interface FileUse {
        void use(Copies.Copy c, Holdfast hf, String path, Node n) throws IOException;
    }

    private void withFile(Context ctx, FileUse use) throws IOException {
        String target = ctx.pathParam("target");
        String snap = ctx.pathParam("snapshot");
        var access = TargetsResource.access(server, target);
        Copies.Copy c = server.copies.get(access.id(), snap).orElseThrow(() -> ApiException.notFound("copy " + snap));
        String path = ctx.queryParam("path");
        if (path == null || !path.startsWith("/") || path.equals("/")) {
            throw ApiException.badRequest("give the file's absolute path in the copy: ?path=/...");
        }
        try (Holdfast hf = Repos.openReadOnly(access)) {
            hf.repository().loadIndex();
            Node n = new TreeWalker(hf.repository()).find(Id.parse(c.tree()), path);
            if (n == null || n.type() != NodeType.FILE) {
                throw ApiException.notFound("file " + path + " in copy " + c.snapshotId());
            }
            use.use(c, hf, path, n);
        }
    }

    private void download(Context ctx) throws IOException {
        withFile(ctx, (c, hf, path, n) -> {
            server.audit.append(
                    Requests.principal(ctx).user(),
                    "copy.download",
                    "copy/" + c.targetId() + "/" + c.snapshotId(),
                    Map.of("path", path, "bytes", n.size()));
            SnapshotFileSource src = new SnapshotFileSource(hf.repository(), path, n);
            ctx.disableCompression(); // the bytes go out as stored, with their length
            ctx.contentType("application/octet-stream");
            ctx.header("Content-Disposition", disposition(n.name()));
            ctx.header("Content-Length", Long.toString(src.size()));
            ctx.header("X-Content-Type-Options", "nosniff");
            OutputStream out = ctx.outputStream();
            src.transferTo(out);
            out.close();
        });
    }

    /** An attachment header whose file name survives any bytes in the name (RFC 6266 and 5987). */
    static String disposition(String name) {
        String ascii = name.replaceAll("[^A-Za-z0-9._-]", "_");
        StringBuilder enc = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int v = b & 0xff;
            if ((v >= 'A' && v <= 'Z') || (v >= 'a' && v <= 'z') || (v >= '0' && v <= '9') || "._-".indexOf(v) >= 0) {
                enc.append((char) v);
            } else {
                enc.append('%').append(String.format("%02X", v));
            }
        }
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + enc;
    }

    private void model(Context ctx) throws IOException {
        withFile(ctx, (c, hf, path, n) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", path);
            m.put("size", n.size());
            Optional<ModelRecord> stored = ModelRecord.of(n);
            m.put("stored", stored.orElse(null));
            SnapshotFileSource src = new SnapshotFileSource(hf.repository(), path, n);
            try {
                Optional<ModelLayout> layout = ModelFiles.detect(src);
                if (layout.isEmpty()) {
                    m.put("model", false);
                } else {
                    ModelLayout l = layout.get();
                    m.put("model", true);
                    m.put("format", l.format().id());
                    m.put("parameters", l.parameterCount());
                    m.put("dtypes", l.dtypeCounts());
                    m.put("tensorCount", l.tensors().size() + l.external().size());
                    m.put("warnings", l.warnings());
                    List<Map<String, Object>> tensors = new ArrayList<>();
                    for (TensorExtent t : l.tensors()) {
                        if (tensors.size() == MAX_TENSORS) {
                            break;
                        }
                        Map<String, Object> tm = new LinkedHashMap<>();
                        tm.put("name", t.name());
                        tm.put("dtype", t.dtype().toString());
                        tm.put("shape", t.shape());
                        tm.put("offset", t.offset());
                        tm.put("bytes", t.length());
                        tensors.add(tm);
                    }
                    m.put("tensors", tensors);
                }
            } catch (InvalidModelException e) {
                m.put("model", true);
                m.put("headerError", e.getMessage());
            }
            ctx.json(m);
        });
    }
}

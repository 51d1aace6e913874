package io.holdfast.cli.output;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.holdfast.engine.Snapshots;
import io.holdfast.format.json.GoTime;
import io.holdfast.format.snapshot.Snapshot;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.NodeType;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON objects restic's commands print for snapshots and tree nodes, field for field (names, order, types,
 * omitted-when-empty rules), for {@code snapshots}, {@code ls} and {@code forget}.
 */
public final class ResticJson {
    private ResticJson() {}

    /**
     * A snapshot as restic's {@code snapshots --json} prints it: the stored fields restic knows (with Go's
     * {@code omitempty}: {@code time}, {@code parent}, {@code tree}, {@code paths}, {@code hostname}, {@code username},
     * {@code uid}, {@code gid}, {@code excludes}, {@code tags}, {@code original}, {@code program_version},
     * {@code summary}), then {@code id} and {@code short_id} if {@code withId}. Fields restic does not know are left
     * out, as restic's decoder drops them.
     */
    public static ObjectNode snapshot(Snapshots.Ref ref, boolean withId) {
        Snapshot s = ref.snapshot();
        ObjectNode o;
        try {
            o = (ObjectNode) Output.mapper().readTree(s.toJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        o.remove(s.unknownFields().keySet());
        if (withId) {
            o.put("id", ref.id().hex());
            o.put("short_id", ref.id().shortHex());
        }
        return o;
    }

    /**
     * A node as restic's {@code ls --json} prints it: {@code name}, {@code type}, {@code path}, {@code uid},
     * {@code gid}, {@code size} (files only, also when 0), {@code mode} (Go's unsigned {@code os.FileMode}, left out
     * when 0), {@code permissions} ({@code drwxr-xr-x}), {@code mtime}, {@code atime}, {@code ctime} (RFC 3339 with
     * nanoseconds), {@code inode} (restic 0.16.1, left out when 0), {@code message_type} (restic 0.17) and
     * {@code struct_type}, both {@code node}.
     */
    public static ObjectNode node(String path, Node n) {
        ObjectNode o = Output.mapper().createObjectNode();
        o.put("name", n.name());
        o.put("type", n.type().jsonName());
        o.put("path", path);
        o.put("uid", n.uid());
        o.put("gid", n.gid());
        if (n.type() == NodeType.FILE) {
            o.put("size", n.size());
        }
        if (n.mode() != 0) {
            o.put("mode", GoText.unsignedMode(n.mode()));
        }
        o.put("permissions", GoText.fileMode(n.mode()));
        o.put("mtime", GoTime.format(n.mtime()));
        o.put("atime", GoTime.format(n.atime()));
        o.put("ctime", GoTime.format(n.ctime()));
        if (n.inode() != 0) {
            o.put("inode", n.inode());
        }
        o.put("message_type", "node");
        o.put("struct_type", "node");
        return o;
    }
}

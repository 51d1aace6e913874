package io.holdfast.engine;

import io.holdfast.engine.fs.FsPath;
import io.holdfast.engine.fs.LocalFs;
import io.holdfast.format.model.codec.CodecManifest;
import io.holdfast.format.tree.ExtendedAttribute;
import io.holdfast.format.tree.FileModes;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.NodeType;
import java.io.IOException;
import java.util.List;

/**
 * Applies a node's metadata to a restored path in restic's order: owner (as root), extended attributes, mode (never
 * on a symbolic link), then times with nanoseconds. The owner comes first because changing it clears setuid, setgid
 * and file capabilities ({@code security.capability}), which the later steps set again. Each failure is one line in
 * {@code errors}; the remaining steps still run.
 */
final class Metadata {
    private static final boolean ROOT = Hosts.uid() == 0;

    private Metadata() {}

    static void apply(LocalFs fs, FsPath p, Node n, List<String> errors) {
        boolean link = n.type() == NodeType.SYMLINK;
        if (ROOT) {
            try {
                fs.chown(p, n.uid(), n.gid());
            } catch (IOException e) {
                errors.add(p + ": cannot restore owner: " + reason(e));
            }
        }
        for (ExtendedAttribute x : n.extendedAttributes()) {
            if (x.name().equals(CodecManifest.XATTR) || x.name().startsWith("user.holdfast.")) {
                // Holdfast's records (the model codec's manifest of the stored blobs, an object's ETag) describe the
                // backup, not the restored file
                continue;
            }
            try {
                fs.setXattr(p, x.name(), x.value());
            } catch (IOException e) {
                errors.add(p + ": cannot restore extended attribute " + x.name() + ": " + reason(e));
            }
        }
        if (!link) {
            try {
                fs.chmod(p, FileModes.posixPermissions(n.mode()));
            } catch (IOException e) {
                errors.add(p + ": cannot restore mode: " + reason(e));
            }
        }
        try {
            java.time.Instant a = n.atimeInstant();
            java.time.Instant m = n.mtimeInstant();
            fs.setTimes(p, a.getEpochSecond(), a.getNano(), m.getEpochSecond(), m.getNano());
        } catch (IOException e) {
            errors.add(p + ": cannot restore times: " + reason(e));
        }
    }

    /** The system's reason of a file-system error, without the path the caller names already. */
    static String reason(IOException e) {
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            String r = f.getReason();
            return r.substring(r.lastIndexOf(": ") + 1).strip(); // "lsetxattr x: permission denied" -> the reason
        }
        return String.valueOf(e.getMessage());
    }
}

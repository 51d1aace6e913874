package io.holdfast.engine;

import io.holdfast.format.tree.ExtendedAttribute;
import io.holdfast.format.tree.FileModes;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.NodeType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.OffsetDateTime;
import java.util.List;

/** Applies a node's metadata to a restored path: owner (as root), mode, extended attributes, times. */
final class Metadata {
    private static final boolean ROOT = Hosts.uid() == 0;

    private Metadata() {}

    static void apply(Path p, Node n, List<String> errors) {
        boolean link = n.type() == NodeType.SYMLINK;
        try {
            if (ROOT) {
                Files.setAttribute(p, "unix:uid", (int) n.uid(), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", (int) n.gid(), LinkOption.NOFOLLOW_LINKS);
            }
            if (!link) {
                Files.setAttribute(p, "unix:mode", FileModes.posixPermissions(n.mode()));
                for (ExtendedAttribute x : n.extendedAttributes()) {
                    if (x.name().startsWith("user.")
                            && !x.name().equals(io.holdfast.format.model.codec.CodecManifest.XATTR)) {
                        UserDefinedFileAttributeView v =
                                Files.getFileAttributeView(p, UserDefinedFileAttributeView.class);
                        if (v != null) {
                            v.write(x.name().substring(5), ByteBuffer.wrap(x.value()));
                        }
                    }
                }
            }
            BasicFileAttributeView view =
                    Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            view.setTimes(time(n.mtime()), time(n.atime()), null);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            errors.add(p + ": cannot restore metadata: " + e.getMessage());
        }
    }

    private static FileTime time(OffsetDateTime t) {
        return FileTime.from(t.toInstant());
    }
}

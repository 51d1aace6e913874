package io.holdfast.engine;

import io.holdfast.format.Id;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.NodeType;
import io.holdfast.format.tree.Tree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Compares two trees: added ({@code +}), removed ({@code -}), modified content ({@code M}), metadata ({@code U}). */
public final class Differ {
    private final TreeWalker walker;

    public Differ(TreeWalker walker) {
        this.walker = walker;
    }

    /** One difference. */
    public record Change(char kind, String path) {}

    public List<Change> diff(Id a, Id b) throws IOException {
        List<Change> out = new ArrayList<>();
        diff(a, b, "/", out);
        return out;
    }

    private void diff(@Nullable Id a, @Nullable Id b, String prefix, List<Change> out) throws IOException {
        if (Objects.equals(a, b)) {
            return;
        }
        Tree ta = a == null ? Tree.EMPTY : walker.tree(a);
        Tree tb = b == null ? Tree.EMPTY : walker.tree(b);
        List<Node> na = ta.nodes();
        List<Node> nb = tb.nodes();
        int i = 0;
        int j = 0;
        while (i < na.size() || j < nb.size()) {
            int c = i >= na.size()
                    ? 1
                    : j >= nb.size()
                            ? -1
                            : Arrays.compareUnsigned(
                                    na.get(i).nameBytes(), nb.get(j).nameBytes());
            if (c < 0) {
                removed(na.get(i++), prefix, '-', out);
            } else if (c > 0) {
                removed(nb.get(j++), prefix, '+', out);
            } else {
                Node x = na.get(i++);
                Node y = nb.get(j++);
                String p = TreeWalker.join(prefix, x.name());
                if (x.type() != y.type()) {
                    removed(x, prefix, '-', out);
                    removed(y, prefix, '+', out);
                } else if (x.type() == NodeType.DIR) {
                    if (!Objects.equals(x.subtree(), y.subtree())) {
                        diff(x.subtree(), y.subtree(), p, out);
                    }
                } else if (!Objects.equals(x.content(), y.content())
                        || !x.linkTarget().equals(y.linkTarget())) {
                    out.add(new Change('M', p));
                } else if (x.mode() != y.mode() || !x.mtime().equals(y.mtime())) {
                    out.add(new Change('U', p));
                }
            }
        }
    }

    private void removed(Node n, String prefix, char kind, List<Change> out) throws IOException {
        String p = TreeWalker.join(prefix, n.name());
        out.add(new Change(kind, n.type() == NodeType.DIR ? p + "/" : p));
        if (n.type() == NodeType.DIR && n.subtree() != null) {
            walker.walk(Objects.requireNonNull(n.subtree()), p, (path, child) -> {
                out.add(new Change(kind, child.type() == NodeType.DIR ? path + "/" : path));
                return true;
            });
        }
    }
}

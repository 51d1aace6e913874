package io.holdfast.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Include and exclude patterns over snapshot paths ({@code --include}, {@code --exclude} of restore): a pattern without
 * a slash matches a name at any depth, one with a leading slash the whole path; a path is wanted if neither it nor a
 * directory above it is excluded and, with includes, if it or a directory above it is included or it is a directory
 * on the way to an included path. Paths are lossless strings ({@link io.holdfast.format.tree.Names}).
 */
public final class RestoreFilter {
    private final List<Pattern> includes = new ArrayList<>();
    private final List<Pattern> excludes = new ArrayList<>();
    private final List<String> includePatterns;

    /** A filter of include patterns {@code inc} and exclude patterns {@code exc}; empty lists pass everything. */
    public RestoreFilter(List<String> inc, List<String> exc) {
        for (String p : inc) {
            includes.add(matcher(p));
        }
        for (String p : exc) {
            excludes.add(matcher(p));
        }
        includePatterns = inc;
    }

    private static Pattern matcher(String pattern) {
        String g = pattern.startsWith("/") ? pattern : "**/" + pattern;
        try {
            return Glob.compile(g);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid pattern '" + pattern + "': " + e.getMessage(), e);
        }
    }

    private static boolean matchesSelfOrParent(List<Pattern> patterns, String path) {
        for (String q = path; !q.isEmpty(); q = parent(q)) {
            for (Pattern m : patterns) {
                if (m.matcher(q).matches()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String parent(String p) {
        int slash = p.lastIndexOf('/');
        return slash <= 0 ? "" : p.substring(0, slash);
    }

    /** Whether {@code snapPath}, a path in the snapshot ({@code /dir/file}), is to be restored. */
    public boolean wanted(String snapPath, boolean isDir) {
        if (matchesSelfOrParent(excludes, snapPath)) {
            return false;
        }
        if (includes.isEmpty() || matchesSelfOrParent(includes, snapPath)) {
            return true;
        }
        // a directory on the way to an included path must be entered
        if (isDir) {
            for (String inc : includePatterns) {
                if (!inc.startsWith("/") || (inc + "/").startsWith(snapPath + "/")) {
                    return true;
                }
            }
        }
        return false;
    }
}

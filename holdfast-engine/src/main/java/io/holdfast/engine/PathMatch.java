package io.holdfast.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * restic's {@code filter.Match}, as {@code find} uses it: a pattern of glob components ({@code *}, {@code ?},
 * {@code [...]} within one name; {@code **} for any number of names) matches a path when it matches the path's
 * components from some position on (from the first, if the pattern starts with {@code /}), and then also everything
 * below: {@code data} matches {@code /srv/data} and {@code /srv/data/a.bin}.
 */
public final class PathMatch {
    private final List<Pattern> parts; // null entries stand for **
    private final boolean anchored;
    private final boolean ignoreCase;

    private PathMatch(List<Pattern> parts, boolean anchored, boolean ignoreCase) {
        this.parts = parts;
        this.anchored = anchored;
        this.ignoreCase = ignoreCase;
    }

    /** The matcher of {@code pattern}; with {@code ignoreCase}, pattern and paths are compared in lower case. */
    public static PathMatch of(String pattern, boolean ignoreCase) {
        String p = ignoreCase ? pattern.toLowerCase(Locale.ROOT) : pattern;
        if (p.isEmpty()) {
            throw new IllegalArgumentException("empty pattern");
        }
        List<Pattern> parts = new ArrayList<>();
        for (String c : components(p)) {
            parts.add(c.equals("**") ? null : Glob.compile(c));
        }
        return new PathMatch(parts, p.startsWith("/"), ignoreCase);
    }

    /** Whether {@code path} (absolute, '/'-separated) matches. */
    public boolean matches(String path) {
        List<String> c = components(ignoreCase ? path.toLowerCase(Locale.ROOT) : path);
        if (anchored) {
            return from(0, c, 0);
        }
        for (int offset = 0; offset < c.size(); offset++) {
            if (from(0, c, offset)) {
                return true;
            }
        }
        return false;
    }

    /** Whether parts[p..] match a prefix of c[i..]. */
    private boolean from(int p, List<String> c, int i) {
        if (p == parts.size()) {
            return true; // the rest of the path lies below what matched
        }
        Pattern part = parts.get(p);
        if (part == null) {
            for (int j = i; j <= c.size(); j++) {
                if (from(p + 1, c, j)) {
                    return true;
                }
            }
            return false;
        }
        return i < c.size() && part.matcher(c.get(i)).matches() && from(p + 1, c, i + 1);
    }

    private static List<String> components(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }
}

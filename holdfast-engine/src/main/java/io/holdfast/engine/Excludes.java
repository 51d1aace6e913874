package io.holdfast.engine;

import io.holdfast.engine.fs.FsPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Exclude patterns with restic's meaning: a pattern without a slash matches a file or directory name at any depth;
 * a pattern with a slash matches the absolute path (a relative one at any depth); {@code *} stays within a path
 * component, {@code **} crosses components. An excluded directory is not descended into. Case-insensitive patterns
 * ({@code --iexclude}) match the lower-cased path.
 */
public final class Excludes {
    private record Rule(String pattern, Pattern matcher, boolean byName, boolean ignoreCase) {}

    private final List<Rule> rules;
    private final List<String> patterns;

    private Excludes(List<Rule> rules, List<String> patterns) {
        this.rules = rules;
        this.patterns = patterns;
    }

    /** No exclusions. */
    public static Excludes none() {
        return new Excludes(List.of(), List.of());
    }

    /**
     * Builds the matcher.
     *
     * @param exclude case-sensitive patterns
     * @param iexclude case-insensitive patterns
     * @param excludeFiles files of patterns, one a line; blank lines and lines starting with # are ignored
     */
    public static Excludes of(List<String> exclude, List<String> iexclude, List<Path> excludeFiles) throws IOException {
        List<Rule> rules = new ArrayList<>();
        List<String> all = new ArrayList<>();
        List<String> ex = new ArrayList<>(exclude);
        for (Path f : excludeFiles) {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    ex.add(t);
                }
            }
        }
        for (String p : ex) {
            rules.add(rule(p, false));
            all.add(p);
        }
        for (String p : iexclude) {
            rules.add(rule(p.toLowerCase(Locale.ROOT), true));
            all.add(p);
        }
        return new Excludes(rules, all);
    }

    private static Rule rule(String pattern, boolean ignoreCase) {
        String p = pattern;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        boolean byName = !p.contains("/");
        String glob = byName || p.startsWith("/") ? p : "**/" + p;
        try {
            return new Rule(pattern, Glob.compile(glob), byName, ignoreCase);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid exclude pattern '" + pattern + "': " + e.getMessage(), e);
        }
    }

    /** Whether {@code absolute} (a normalized absolute path) is excluded. */
    public boolean excluded(FsPath absolute) {
        return !rules.isEmpty() && excluded(absolute.toString());
    }

    /** Whether {@code absolute}, a normalized absolute path as a string ({@link FsPath#toString()}), is excluded. */
    public boolean excluded(String absolute) {
        if (rules.isEmpty()) {
            return false;
        }
        String lower = null;
        for (Rule r : rules) {
            String subject = absolute;
            if (r.ignoreCase()) {
                if (lower == null) {
                    lower = absolute.toLowerCase(Locale.ROOT);
                }
                subject = lower;
            }
            if (r.byName()) {
                subject = subject.substring(subject.lastIndexOf('/') + 1);
                if (subject.isEmpty()) {
                    continue;
                }
            }
            if (r.matcher().matcher(subject).matches()) {
                return true;
            }
        }
        return false;
    }

    /** The patterns, for the snapshot's {@code excludes} field. */
    public List<String> patterns() {
        return patterns;
    }
}

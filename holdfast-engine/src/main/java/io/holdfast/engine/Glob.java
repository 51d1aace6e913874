package io.holdfast.engine;

import java.util.regex.Pattern;

/**
 * Glob patterns over path strings, with the syntax of {@link java.nio.file.FileSystem#getPathMatcher} ({@code *}
 * within one name, {@code **} across names, {@code ?}, {@code [...]} with {@code !} for negation, {@code {a,b}},
 * {@code \} escapes), matched against strings so that names which are not valid in the platform charset (held as
 * {@link io.holdfast.format.tree.Names} escapes) match like any other.
 */
final class Glob {
    private Glob() {}

    static Pattern compile(String glob) {
        return Pattern.compile(toRegex(glob), Pattern.DOTALL);
    }

    static String toRegex(String glob) {
        StringBuilder re = new StringBuilder("^");
        boolean inGroup = false;
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i++);
            switch (c) {
                case '\\' -> {
                    if (i == glob.length()) {
                        throw new IllegalArgumentException("no character to escape at the end of '" + glob + "'");
                    }
                    literal(re, glob.charAt(i++));
                }
                case '/' -> re.append('/');
                case '[' -> i = charClass(glob, i, re);
                case '{' -> {
                    if (inGroup) {
                        throw new IllegalArgumentException("nested groups in '" + glob + "'");
                    }
                    re.append("(?:(?:");
                    inGroup = true;
                }
                case '}' -> {
                    if (inGroup) {
                        re.append("))");
                        inGroup = false;
                    } else {
                        re.append('}');
                    }
                }
                case ',' -> re.append(inGroup ? ")|(?:" : ",");
                case '*' -> {
                    if (i < glob.length() && glob.charAt(i) == '*') {
                        re.append(".*");
                        i++;
                    } else {
                        re.append("[^/]*");
                    }
                }
                case '?' -> re.append("[^/]");
                default -> literal(re, c);
            }
        }
        if (inGroup) {
            throw new IllegalArgumentException("missing '}' in '" + glob + "'");
        }
        return re.append('$').toString();
    }

    private static int charClass(String glob, int i, StringBuilder re) {
        re.append("[[^/]&&[");
        if (i < glob.length() && glob.charAt(i) == '^') {
            re.append("\\^");
            i++;
        } else {
            if (i < glob.length() && glob.charAt(i) == '!') {
                re.append('^');
                i++;
            }
            if (i < glob.length() && glob.charAt(i) == '-') {
                re.append('-');
                i++;
            }
        }
        boolean range = false;
        char last = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i++);
            if (c == ']') {
                return closeClass(re, i);
            }
            if (c == '/') {
                throw new IllegalArgumentException("explicit '/' in a character class of '" + glob + "'");
            }
            if (c == '\\' || c == '[' || (c == '&' && i < glob.length() && glob.charAt(i) == '&')) {
                re.append('\\');
            }
            re.append(c);
            if (c == '-') {
                if (!range) {
                    throw new IllegalArgumentException("invalid range in '" + glob + "'");
                }
                if (i < glob.length() && glob.charAt(i) != ']' && glob.charAt(i) < last) {
                    throw new IllegalArgumentException("invalid range in '" + glob + "'");
                }
                range = false;
            } else {
                range = true;
                last = c;
            }
        }
        throw new IllegalArgumentException("missing ']' in '" + glob + "'");
    }

    private static int closeClass(StringBuilder re, int i) {
        re.append("]]");
        return i;
    }

    private static void literal(StringBuilder re, char c) {
        if ("\\^$.|?*+()[]{}".indexOf(c) >= 0) {
            re.append('\\');
        }
        re.append(c);
    }
}

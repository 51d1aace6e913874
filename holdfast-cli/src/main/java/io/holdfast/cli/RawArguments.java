package io.holdfast.cli;

import io.holdfast.format.tree.Names;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line's arguments as the bytes the process got. The JVM decodes {@code argv} with the locale's charset:
 * in the C locale, which cron and systemd give their jobs, that is ASCII, and {@code café.txt} arrives as
 * {@code caf\uFFFD\uFFFD.txt}; a name that is not UTF-8 is mangled in every locale. On Linux the arguments are read
 * again from {@code /proc/self/cmdline} (they are its last entries) and decoded without loss ({@link Names}), so that
 * {@code holdfast backup} and {@code restore} name the files the user named.
 */
final class RawArguments {
    private RawArguments() {}

    /** {@code args} decoded from their bytes where that changes them; {@code args} itself otherwise. */
    static String[] of(String[] args) {
        if (!needsRaw(args)) {
            return args;
        }
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc/self/cmdline"));
            List<String> all = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < cmdline.length; i++) {
                if (cmdline[i] == 0) {
                    all.add(Names.decode(cmdline, start, i));
                    start = i + 1;
                }
            }
            if (all.size() < args.length) {
                return args;
            }
            String[] raw = all.subList(all.size() - args.length, all.size()).toArray(String[]::new);
            for (int i = 0; i < args.length; i++) {
                if (!sameShape(args[i], raw[i])) {
                    return args; // not our arguments after all (e.g. a launcher that rewrote them)
                }
            }
            return raw;
        } catch (IOException | RuntimeException e) {
            return args;
        }
    }

    private static boolean needsRaw(String[] args) {
        for (String a : args) {
            for (int i = 0; i < a.length(); i++) {
                char c = a.charAt(i);
                if (c == '\uFFFD' || c == '?') {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the decoded and the raw argument agree on every ASCII character but the replacement marks. */
    private static boolean sameShape(String decoded, String raw) {
        int i = 0;
        int j = 0;
        while (i < decoded.length() && j < raw.length()) {
            char d = decoded.charAt(i);
            char r = raw.charAt(j);
            if (d == r) {
                i++;
                j++;
            } else if (d == '\uFFFD' || d == '?' || d >= 0x80) {
                i++;
                j = skipNonAscii(raw, j);
            } else {
                return false;
            }
        }
        return i == decoded.length() && skipNonAscii(raw, j) == raw.length();
    }

    private static int skipNonAscii(String s, int j) {
        while (j < s.length() && s.charAt(j) >= 0x80) {
            j++;
        }
        return j;
    }
}

package io.holdfast.cli;

import java.io.Console;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What the CLI needs from the user's terminal; tests pass a stand-in. */
public interface Terminal {
    /** Whether a user is at a terminal (so prompts and a progress line make sense). */
    boolean isInteractive();

    /** Reads a line without echo after printing {@code prompt}, or {@code null} at end of input. */
    @Nullable
    String readPassword(String prompt);

    /** The width in columns, for the progress line. */
    int width();

    /**
     * The process's terminal: {@link System#console()} when it is a terminal; width from {@code $COLUMNS} when set,
     * else the terminal's own (asked when first needed), else 80.
     */
    static Terminal system(Map<String, String> env) {
        Console console = System.console();
        boolean interactive = console != null && console.isTerminal();
        String columns = env.get("COLUMNS");
        return new Terminal() {
            @Override
            public boolean isInteractive() {
                return interactive;
            }

            @Override
            public @Nullable String readPassword(String prompt) {
                if (console == null) {
                    return null;
                }
                char[] password = console.readPassword("%s", prompt);
                return password == null ? null : new String(password);
            }

            @Override
            public int width() {
                if (columns != null) {
                    return columns(columns);
                }
                return interactive
                        ? columns(String.valueOf(TerminalWidth.query().orElse(80)))
                        : 80;
            }
        };
    }

    /** No terminal: nothing is interactive, no prompt can be answered. */
    static Terminal none() {
        return new Terminal() {
            @Override
            public boolean isInteractive() {
                return false;
            }

            @Override
            public @Nullable String readPassword(String prompt) {
                return null;
            }

            @Override
            public int width() {
                return 80;
            }
        };
    }

    private static int columns(@Nullable String value) {
        if (value != null) {
            try {
                int columns = Integer.parseInt(value.trim());
                if (columns >= 20) {
                    return columns;
                }
            } catch (NumberFormatException e) {
                // fall through to the default
            }
        }
        return 80;
    }
}

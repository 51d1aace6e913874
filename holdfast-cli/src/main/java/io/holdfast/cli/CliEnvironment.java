package io.holdfast.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The process environment the CLI runs in: environment variables, standard output and error, and the terminal.
 * {@link #system()} is the real one; tests build their own so nothing touches the process environment.
 *
 * @param env environment variables
 * @param out standard output (results, JSON)
 * @param err standard error (messages, progress line, errors)
 * @param terminal the user's terminal, if any
 */
public record CliEnvironment(Map<String, String> env, PrintWriter out, PrintWriter err, Terminal terminal) {
    /** Copies {@code env}. */
    public CliEnvironment {
        env = Map.copyOf(env);
    }

    /** The running process's environment, stdout, stderr and console. */
    public static CliEnvironment system() {
        Map<String, String> env = System.getenv();
        return new CliEnvironment(
                env,
                new PrintWriter(new io.holdfast.cli.output.ByteNamesWriter(System.out), true),
                new PrintWriter(new io.holdfast.cli.output.ByteNamesWriter(System.err), true),
                Terminal.system(env));
    }

    /** The value of the first of {@code names} that is set to a non-empty value, or {@code null}. */
    public @Nullable String firstEnv(String... names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }
}

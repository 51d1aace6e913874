package io.holdfast.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/** A CLI run against an injected environment, capturing standard output and error. */
final class TestCli {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final CliEnvironment environment;
    final GlobalOptions globals;

    TestCli(Map<String, String> env) {
        this(env, Terminal.none());
    }

    TestCli(Map<String, String> env, Terminal terminal) {
        environment = new CliEnvironment(env, new PrintWriter(out, true), new PrintWriter(err, true), terminal);
        globals = new GlobalOptions(environment);
    }

    /** The root command line, bound to {@link #globals}. */
    CommandLine commandLine() {
        return Main.commandLine(globals);
    }

    /** Parses {@code args} without running anything; returns the options. */
    GlobalOptions parse(String... args) {
        commandLine().parseArgs(args);
        return globals;
    }

    /** Runs {@code args} like the real entry point; returns the exit code. */
    int run(String... args) {
        return Main.run(environment, args);
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }
}

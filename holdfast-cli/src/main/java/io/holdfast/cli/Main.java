package io.holdfast.cli;

import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code holdfast} root command and the program's entry point.
 *
 * <p>To add a command, write a picocli {@code @Command} class implementing {@code Callable<Integer>} (the exit code)
 * with a public constructor taking {@link GlobalOptions}, and add it to {@link #COMMANDS}. Global options are parsed
 * before or after the command name; errors are reported by throwing {@link CliException}.
 */
@Command(
        name = "holdfast",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        synopsisSubcommandLabel = "COMMAND",
        description = "Data protection for AI workloads (datasets, model checkpoints, prompt logs), "
                + "stored in restic's repository format v2.",
        abbreviateSynopsis = true,
        commandListHeading = "%nCommands:%n")
public final class Main implements Callable<Integer> {
    /** The subcommands, in the order {@code --help} lists them. */
    static final List<Class<?>> COMMANDS = List.of(
            io.holdfast.cli.commands.QuickstartCommand.class,
            io.holdfast.cli.commands.InitCommand.class,
            io.holdfast.cli.commands.BackupCommand.class,
            io.holdfast.cli.commands.RestoreCommand.class,
            io.holdfast.cli.commands.CopyCommand.class,
            io.holdfast.cli.commands.SnapshotsCommand.class,
            io.holdfast.cli.commands.ForgetCommand.class,
            io.holdfast.cli.commands.TagCommand.class,
            io.holdfast.cli.commands.RewriteCommand.class,
            io.holdfast.cli.commands.LsCommand.class,
            io.holdfast.cli.commands.FindCommand.class,
            io.holdfast.cli.commands.DumpCommand.class,
            io.holdfast.cli.commands.WebdavCommand.class,
            io.holdfast.cli.commands.MountCommand.class,
            io.holdfast.cli.commands.DiffCommand.class,
            io.holdfast.cli.commands.StatsCommand.class,
            io.holdfast.cli.commands.CatCommand.class,
            io.holdfast.cli.commands.ListCommand.class,
            io.holdfast.cli.commands.CheckCommand.class,
            io.holdfast.cli.commands.ValidateCommand.class,
            io.holdfast.cli.commands.ModelsCommand.class,
            io.holdfast.cli.commands.PruneCommand.class,
            io.holdfast.cli.commands.RepairCommand.class,
            io.holdfast.cli.commands.KeyCommand.class,
            io.holdfast.cli.commands.LockCommand.class,
            io.holdfast.cli.commands.HoldCommand.class,
            io.holdfast.cli.commands.SubjectsCommand.class,
            io.holdfast.cli.commands.EraseCommand.class,
            io.holdfast.cli.commands.KeystoreCommand.class,
            io.holdfast.cli.commands.UnlockCommand.class,
            io.holdfast.cli.commands.PgCommand.class,
            io.holdfast.cli.commands.ServerCommand.class,
            io.holdfast.cli.commands.PolicyCommand.class,
            io.holdfast.cli.commands.JobsCommand.class,
            VersionCommand.class,
            CommandLine.HelpCommand.class);

    private static final String[] ROOT_FOOTER = {
        "",
        "Exit codes: 0 ok, 1 fatal error, 2 usage error, 3 backup or restore incomplete,",
        "10 no repository, 11 lock failed, 12 wrong password, 20 invalid model file, 130 interrupted.",
        "Run 'holdfast COMMAND --help' for a command's options; see docs/cli.md."
    };

    @Mixin
    private GlobalOptions globals;

    @Spec
    private @Nullable CommandSpec spec;

    private Main(GlobalOptions globals) {
        this.globals = globals;
    }

    /**
     * Runs {@code holdfast} with {@code args} in the process's environment and exits with its exit code.
     *
     * <p>A command that succeeds ends by returning, when no other non-daemon thread is left, and the JVM exits with 0
     * as it does after any {@code main}: {@link System#exit} looks up a {@code System.Logger} first, and finding one
     * makes the JDK look for logger services in every jar of the class path (it opened all 118 of them, and the JIT
     * compiled the zip code that reads their directories, on a second thread that still took one of two cores while
     * {@code version} ran; design.md §22). Other exit codes go through {@link System#exit}.
     */
    public static void main(String[] args) {
        HeapGovernor.installLater(System.getenv(), java.time.Duration.ofMillis(250));
        int exitCode = run(CliEnvironment.system(), RawArguments.of(args));
        if (exitCode != ExitCode.OK || otherThreadsKeepTheJvmAlive()) {
            System.exit(exitCode);
        }
    }

    /** Whether a live non-daemon thread other than this one would keep the JVM from ending when {@code main} returns. */
    private static boolean otherThreadsKeepTheJvmAlive() {
        Thread self = Thread.currentThread();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t != self && !t.isDaemon() && t.isAlive()) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code holdfast} with {@code args} in {@code environment}; returns the {@link ExitCode}. */
    public static int run(CliEnvironment environment, String... args) {
        KeyPrefetch.start(environment, args);
        GlobalOptions globals = new GlobalOptions(environment);
        ErrorReporter reporter = new ErrorReporter(globals);
        try {
            return commandLine(globals, args).execute(args);
        } catch (RuntimeException | Error e) {
            return reporter.report(e);
        } finally {
            environment.out().flush();
            environment.err().flush();
        }
    }

    /** The root command line bound to {@code globals}, with every command registered. */
    static CommandLine commandLine(GlobalOptions globals) {
        return commandLine(globals, COMMANDS);
    }

    /**
     * The root command line for running {@code args}: with only the command they name registered, when they name
     * one. Building picocli's model of all commands reflects over every option of every command, which took most of
     * the start-up of a short command (about a second of the 1.3 s {@code holdfast version} took); the root's help,
     * {@code help}, a mistyped command and no command at all get every command, as before.
     */
    static CommandLine commandLine(GlobalOptions globals, String... args) {
        Class<?> named = CommandSelector.select(COMMANDS, args);
        return commandLine(globals, named == null ? COMMANDS : List.of(named));
    }

    private static CommandLine commandLine(GlobalOptions globals, List<Class<?>> commands) {
        CommandLine commandLine = new CommandLine(new Main(globals), new Factory(globals));
        for (Class<?> command : commands) {
            commandLine.addSubcommand(command);
        }
        commandLine.getCommandSpec().usageMessage().footer(ROOT_FOOTER);
        for (CommandLine subcommand : commandLine.getSubcommands().values()) {
            Help.hideGlobalOptions(subcommand);
        }
        CliEnvironment environment = globals.environment();
        commandLine.setOut(environment.out());
        commandLine.setErr(environment.err());
        commandLine.setExecutionExceptionHandler(new ErrorReporter(globals));
        commandLine.setParameterExceptionHandler(Main::usageError);
        commandLine.setExecutionStrategy(parseResult -> {
            Integer helpExitCode = CommandLine.executeHelpRequest(parseResult);
            if (helpExitCode != null) {
                return helpExitCode;
            }
            List<CommandLine> parsed = parseResult.asCommandLineList();
            globals.validate(parsed.get(parsed.size() - 1));
            return new CommandLine.RunLast().execute(parseResult);
        });
        return commandLine;
    }

    /** {@code holdfast} alone: show the usage, as a usage error. */
    @Override
    public Integer call() {
        if (spec != null) {
            spec.commandLine().usage(globals.environment().err());
        }
        return ExitCode.USAGE;
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println("Error: " + Help.message(e));
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Run '" + commandLine.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return ExitCode.USAGE;
    }

    /** Creates commands, passing {@link GlobalOptions} to constructors that take it. */
    private record Factory(GlobalOptions globals) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            Constructor<K> constructor;
            try {
                constructor = type.getDeclaredConstructor(GlobalOptions.class);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
            constructor.trySetAccessible();
            return constructor.newInstance(globals);
        }
    }
}

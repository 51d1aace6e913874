package io.holdfast.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Usage-message tweaks: commands list their own options only, and usage errors read like restic's. */
final class Help {
    private static final String GLOBAL_OPTIONS_NOTE =
            "Global options (-r, -p, --json, -q, -v, ...): see 'holdfast --help'.";

    private Help() {}

    /**
     * Makes the help of {@code command} and its subcommands list only their own options, with a footer line pointing
     * to the global options; the synopsis is abbreviated to {@code [OPTIONS]}.
     */
    static void hideGlobalOptions(CommandLine command) {
        var usage = command.getCommandSpec().usageMessage();
        usage.abbreviateSynopsis(true);
        usage.sectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, help -> {
            List<OptionSpec> own = help.commandSpec().options().stream()
                    .filter(option -> !option.inherited() && !option.hidden())
                    .sorted((a, b) -> a.shortestName().compareToIgnoreCase(b.shortestName()))
                    .toList();
            CommandLine.Help.Layout layout = help.createDefaultLayout();
            layout.addAllOptions(own, help.createDefaultParamLabelRenderer());
            return layout.toString();
        });
        List<String> footer = new ArrayList<>(Arrays.asList(usage.footer()));
        footer.add("");
        footer.add(GLOBAL_OPTIONS_NOTE);
        usage.footer(footer.toArray(String[]::new));
        for (CommandLine subcommand : command.getSubcommands().values()) {
            hideGlobalOptions(subcommand);
        }
    }

    /** The message for a usage error, in cobra's words for an unknown command. */
    static String message(CommandLine.ParameterException e) {
        CommandLine commandLine = e.getCommandLine();
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched
                && !commandLine.getSubcommands().isEmpty()
                && !commandLine.getParseResult().hasSubcommand()) {
            List<String> args = unmatched.getUnmatched();
            if (!args.isEmpty() && !args.get(0).startsWith("-")) {
                return "unknown command \"" + args.get(0) + "\" for \""
                        + commandLine.getCommandSpec().qualifiedName() + "\"";
            }
        }
        return String.valueOf(e.getMessage());
    }
}

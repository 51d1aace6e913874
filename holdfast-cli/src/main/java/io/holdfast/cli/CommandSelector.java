package io.holdfast.cli;

import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Finds which command a command line names, without building picocli's model of every command: the first argument
 * that is neither an option of the root command nor the value of one. Only the root's own options (the global
 * options and the standard help options) are modelled for this.
 */
final class CommandSelector {
    private CommandSelector() {}

    /**
     * The command class {@code args} name, or null when they name none (no command, the root's help or version, an
     * unknown name, {@code help}, or {@code --} first): then every command must be registered.
     */
    static @Nullable Class<?> select(List<Class<?>> commands, String... args) {
        Map<String, Class<?>> byName = new HashMap<>();
        for (Class<?> c : commands) {
            Command a = c.getAnnotation(Command.class);
            if (a == null || c == CommandLine.HelpCommand.class) {
                continue;
            }
            byName.put(a.name(), c);
            for (String alias : a.aliases()) {
                byName.put(alias, c);
            }
        }
        Set<String> valued = valuedGlobalOptions();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                return null;
            }
            if (a.startsWith("-") && a.length() > 1) {
                int eq = a.indexOf('=');
                String name = eq < 0 ? a : a.substring(0, eq);
                if (eq < 0 && valued.contains(name)) {
                    i++; // the option's value
                } else if (!a.startsWith("--") && a.length() > 2 && valued.contains(a.substring(0, 2))) {
                    continue; // a short option with its value attached, like -r/repo
                }
                continue;
            }
            return byName.get(a);
        }
        return null;
    }

    /**
     * The names of the global options that take a value, read from their annotations: every option but the boolean
     * ones. Building picocli's model of {@link GlobalOptions} for this took as long again as the root command's own
     * model, on the main thread of every command.
     */
    static Set<String> valuedGlobalOptions() {
        Set<String> valued = new HashSet<>();
        for (Field field : GlobalOptions.class.getDeclaredFields()) {
            Option option = field.getAnnotation(Option.class);
            Class<?> type = field.getType();
            boolean flag = type == boolean.class || type == Boolean.class || type == boolean[].class;
            if (option != null
                    && (!flag || (!option.arity().isEmpty() && !option.arity().equals("0")))) {
                valued.addAll(List.of(option.names()));
            }
        }
        return valued;
    }
}

package io.holdfast.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code holdfast version}: prints the version line, or a JSON {@code version} message with {@code --json}. */
@Command(name = "version", description = "Print version information.")
public final class VersionCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    /** A command printing through {@code globals}. */
    public VersionCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() {
        var output = globals.output();
        if (output.json()) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("message_type", "version");
            message.put("version", VersionInfo.version());
            message.put("repository_format", VersionInfo.REPOSITORY_FORMAT);
            message.put("java_version", VersionInfo.javaVersion());
            message.put("os", VersionInfo.os());
            message.put("arch", VersionInfo.arch());
            output.emit(message);
        } else {
            output.print(VersionInfo.line());
        }
        return ExitCode.OK;
    }
}

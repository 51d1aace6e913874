package io.holdfast.cli.commands;

import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.client.Holdfast;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code holdfast cat}: prints a decrypted repository object. */
@Command(
        name = "cat",
        description =
                "Print a decrypted object: config | snapshot ID | index ID | key ID | lock ID | blob ID | tree ID.")
public final class CatCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    @Parameters(index = "0", paramLabel = "TYPE")
    String type = "";

    @Parameters(index = "1", arity = "0..1", paramLabel = "ID")
    @Nullable
    String id;

    public CatCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() throws Exception {
        byte[] data;
        try (Holdfast h = Repos.open(globals)) {
            data = h.cat(type, id);
        }
        if (type.equals("blob")) {
            // raw bytes, not text: write them unchanged
            globals.environment().out().flush();
            OutputStream raw = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true);
            raw.write(data);
            raw.flush();
        } else {
            globals.output().print(new String(data, StandardCharsets.UTF_8).stripTrailing());
        }
        return ExitCode.OK;
    }
}

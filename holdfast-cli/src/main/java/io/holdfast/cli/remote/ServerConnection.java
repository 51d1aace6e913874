package io.holdfast.cli.remote;

import io.holdfast.cli.CliEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** How the client commands ({@code policy}, {@code jobs}) reach a {@code holdfast server}: its URL and a token. */
public final class ServerConnection {
    @Option(
            names = "--server",
            paramLabel = "URL",
            description = "The server (env: HOLDFAST_SERVER; default:" + " http://127.0.0.1:8750).")
    @Nullable
    String server;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description = "File holding the API token (env:"
                    + " HOLDFAST_SERVER_TOKEN holds the token itself, HOLDFAST_SERVER_TOKEN_FILE a file).")
    @Nullable
    Path tokenFile;

    public ApiClient client(CliEnvironment env) throws IOException {
        String url = server != null ? server : env.firstEnv("HOLDFAST_SERVER");
        if (url == null) {
            url = "http://127.0.0.1:8750";
        }
        String token = null;
        Path file = tokenFile;
        if (file == null) {
            token = env.firstEnv("HOLDFAST_SERVER_TOKEN");
            String f = env.firstEnv("HOLDFAST_SERVER_TOKEN_FILE");
            if (token == null && f != null) {
                file = Path.of(f);
            }
        }
        if (file != null) {
            token = Files.readString(file).strip();
        }
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("no API token: set HOLDFAST_SERVER_TOKEN (or --token-file); make one"
                    + " with 'holdfast server token create --role operator' on the server");
        }
        return new ApiClient(url.endsWith("/") ? url.substring(0, url.length() - 1) : url, token);
    }
}

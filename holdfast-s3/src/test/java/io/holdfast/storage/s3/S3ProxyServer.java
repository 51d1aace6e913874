package io.holdfast.storage.s3;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A real S3 server for tests: S3Proxy (from Maven Central, copied to {@code target/s3proxy/s3proxy.jar} by the
 * build) in its own process, with AWS signature checks on and objects in memory ({@code transient}) or in a
 * directory. Shipped in this module's test jar for the tests of the modules above.
 */
public final class S3ProxyServer extends ServerProcess {
    public static final String ACCESS_KEY = "holdfast-test";
    public static final String SECRET_KEY = "holdfast-test-secret";

    private S3ProxyServer(Process process, int port) {
        super(process, port);
    }

    /** Starts a server keeping its objects in memory; returns once it accepts connections. */
    public static S3ProxyServer start(Path work) throws IOException, InterruptedException {
        return start(work, freePort(), null);
    }

    /**
     * Starts a server on {@code port} keeping its objects in the directory {@code store} (so a server started again
     * on it finds them), or in memory when {@code store} is null; returns once it accepts connections.
     */
    public static S3ProxyServer start(Path work, int port, @Nullable Path store)
            throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("holdfast.s3proxy.jar", "target/s3proxy/s3proxy.jar"))
                .toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Proxy not found at " + jar + ": run the tests through Maven, which "
                    + "copies it there (or set -Dholdfast.s3proxy.jar)");
        }
        Files.createDirectories(work);
        Path conf = work.resolve("s3proxy.conf");
        Files.writeString(
                conf,
                String.join(
                        "\n",
                        "s3proxy.endpoint=http://127.0.0.1:" + port,
                        "s3proxy.authorization=aws-v2-or-v4",
                        "s3proxy.identity=" + ACCESS_KEY,
                        "s3proxy.credential=" + SECRET_KEY,
                        store == null ? "jclouds.provider=transient" : "jclouds.provider=filesystem-nio2",
                        store == null ? "" : "jclouds.filesystem.basedir=" + Files.createDirectories(store),
                        "jclouds.identity=" + ACCESS_KEY,
                        "jclouds.credential=" + SECRET_KEY,
                        ""));
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx512m",
                        "-jar",
                        jar.toString(),
                        "--properties",
                        conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        work.resolve("s3proxy.log").toFile()))
                .start();
        S3ProxyServer server = new S3ProxyServer(p, port);
        server.awaitStart("S3Proxy", work.resolve("s3proxy.log"));
        return server;
    }

    /** The environment with this server's credentials. */
    public Map<String, String> environment() {
        return Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    }
}

package io.holdfast.storage.s3;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A test server in its own process on a loopback port: started, waited for, addressed, stopped. */
public abstract class ServerProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Waits until the server accepts connections; fails with {@code what} and its log if it dies or takes a minute. */
    void awaitStart(String what, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException(what + " did not start; its log, " + log + ": "
                        + (Files.exists(log) ? Files.readString(log) : ""));
            }
            process.waitFor(50, TimeUnit.MILLISECONDS);
        }
    }

    /** The port it listens on. */
    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** An {@code s3:} location on this server. */
    public String location(String bucket, String prefix) {
        return "s3:" + endpoint() + "/" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    /** Kills the server at once, as a crash or a network cut would stop it. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port free right now on this machine. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}

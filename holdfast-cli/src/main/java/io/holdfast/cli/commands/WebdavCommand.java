package io.holdfast.cli.commands;

import io.holdfast.cli.CliException;
import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.cli.output.Output;
import io.holdfast.cli.webdav.DavServer;
import io.holdfast.client.Holdfast;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code holdfast webdav}: browse and read snapshots as a read-only WebDAV share (Holdfast's {@code mount}). */
@Command(
        name = "webdav",
        description = {
            "Serve the repository's snapshots read-only over WebDAV, laid out as restic's mount.",
            "/snapshots/TIME/, /ids/ID/, /hosts/HOST/TIME/ and /tags/TAG/TIME/ each hold a snapshot's files. Mount"
                    + " it with davfs2 (mount -t davfs URL DIR), macOS Finder (Connect to Server) or Windows"
                    + " Explorer (Map network drive), or open it in a browser. Every request needs user holdfast"
                    + " and the password printed at start (or HOLDFAST_WEBDAV_PASSWORD). A shared lock is held"
                    + " while it runs, so prune waits. Stop it with Ctrl-C."
        })
public final class WebdavCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    @Option(
            names = "--listen",
            paramLabel = "HOST:PORT",
            description = "Address to listen on (default: 127.0.0.1:8751; port 0 picks a free one). The share is"
                    + " plain HTTP: listen on anything but loopback only inside a trusted network.")
    String listen = "127.0.0.1:8751";

    public WebdavCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() throws Exception {
        int colon = listen.lastIndexOf(':');
        InetSocketAddress address;
        try {
            String host =
                    listen.substring(0, Math.max(0, colon)).replace("[", "").replace("]", "");
            address = new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(listen.substring(colon + 1)));
        } catch (RuntimeException | java.net.UnknownHostException e) {
            throw new CliException(ExitCode.USAGE, "--listen takes HOST:PORT, e.g. 127.0.0.1:8751, not " + listen);
        }
        String given = globals.environment().firstEnv("HOLDFAST_WEBDAV_PASSWORD");
        boolean generated = given == null || given.isEmpty();
        String password;
        if (given == null || given.isEmpty()) {
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        } else {
            password = given;
        }
        Output out = globals.output();
        Holdfast h = Repos.open(globals);
        AutoCloseable session = h.readSession();
        DavServer server;
        try {
            server = DavServer.start(h.repository(), address, password);
        } catch (java.io.IOException e) {
            session.close();
            h.close();
            throw new CliException(ExitCode.FATAL, "cannot listen on " + listen + ": " + e.getMessage(), e);
        }
        InetSocketAddress bound = server.address();
        String url = "http://"
                + (bound.getAddress().getHostAddress().contains(":")
                        ? "[" + bound.getAddress().getHostAddress() + "]"
                        : bound.getAddress().getHostAddress())
                + ":" + bound.getPort() + "/";
        out.print("Serving the snapshots read-only over WebDAV at " + url);
        out.print("user: holdfast  password: " + (generated ? password : "(HOLDFAST_WEBDAV_PASSWORD)"));
        out.print("Mount: mount -t davfs " + url + " /mnt/holdfast   (davfs2; or Finder / Explorer, or a browser)");
        out.print("Press Ctrl-C to stop.");
        globals.environment().out().flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            try {
                session.close(); // removes the lock file
                h.close();
            } catch (Exception e) {
                // stopping anyway
            }
            stopped.countDown();
        }));
        stopped.await();
        return ExitCode.OK;
    }
}

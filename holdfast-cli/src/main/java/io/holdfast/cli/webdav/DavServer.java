package io.holdfast.cli.webdav;

import com.sun.net.httpserver.HttpServer;
import io.holdfast.engine.Snapshots;
import io.holdfast.engine.TreeWalker;
import io.holdfast.repository.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Executors;

/** The WebDAV server over one open repository; the snapshot list is read again when older than ten seconds. */
public final class DavServer implements AutoCloseable {
    private static final long REFRESH_NANOS = 10_000_000_000L;

    private final HttpServer http;
    private final Repository repo;
    private List<Snapshots.Ref> snapshots = List.of();
    private long loadedAt;

    private DavServer(Repository repo, InetSocketAddress address, String password) throws IOException {
        this.repo = repo;
        this.http = HttpServer.create(address, 64);
        http.createContext(
                "/", new DavHandler(repo, new SnapshotTree(new TreeWalker(repo), this::snapshots), password));
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    }

    /** Starts serving {@code repo} (its index loaded) at {@code address} to clients with {@code password}. */
    public static DavServer start(Repository repo, InetSocketAddress address, String password) throws IOException {
        DavServer s = new DavServer(repo, address, password);
        s.snapshots();
        s.http.start();
        return s;
    }

    private synchronized List<Snapshots.Ref> snapshots() {
        long now = System.nanoTime();
        if (loadedAt == 0 || now - loadedAt > REFRESH_NANOS) {
            try {
                snapshots = Snapshots.all(repo);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            loadedAt = now;
        }
        return snapshots;
    }

    /** The address it listens on (the port chosen when 0 was asked for). */
    public InetSocketAddress address() {
        return http.getAddress();
    }

    @Override
    public void close() {
        http.stop(0);
    }
}

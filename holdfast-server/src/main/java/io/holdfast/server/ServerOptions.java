package io.holdfast.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How {@code holdfast server} runs. Defaults in {@link #defaults(Path)}; filled from the command line.
 *
 * @param dataDir holds the SQLite catalog, the master key and the first administrator token
 * @param host address to listen on; anything but loopback needs TLS
 * @param port port to listen on; 0 picks a free one (printed at start)
 * @param catalogUrl {@code jdbc:sqlite:FILE} or {@code jdbc:postgresql://HOST/DB}; null for the data directory's SQLite
 * @param catalogUser PostgreSQL user ({@code HOLDFAST_CATALOG_USER}), empty for the URL's
 * @param catalogPassword PostgreSQL password ({@code HOLDFAST_CATALOG_PASSWORD}), empty for the URL's
 * @param masterKeyFile the key that seals stored secrets; null for {@code DATA_DIR/master.key}
 * @param tlsKeystore a PKCS#12 file with the server's certificate and key; null for plain HTTP on loopback
 * @param tlsPassword the keystore's password ({@code HOLDFAST_SERVER_TLS_PASSWORD})
 * @param restoreRoots restores through the API may write only under these directories
 * @param scratchDir where restore drills write (removed after each drill)
 * @param workers jobs that run at the same time, across all targets
 * @param tick how often the scheduler looks for due runs and the runner for queued jobs
 * @param staleAfter a running job whose worker has not reported for this long is taken as interrupted
 * @param retryBackoff the wait before the first retry of a transiently failed job; doubled for each further one
 * @param maxAttempts attempts of a job before it stays failed
 * @param syncEvery how often the catalog of copies is refreshed from every target
 * @param webhookBackoff the wait before the first retry of a failed webhook delivery; doubled for each further one
 */
public record ServerOptions(
        Path dataDir,
        String host,
        int port,
        @Nullable String catalogUrl,
        String catalogUser,
        String catalogPassword,
        @Nullable Path masterKeyFile,
        @Nullable Path tlsKeystore,
        String tlsPassword,
        List<Path> restoreRoots,
        Path scratchDir,
        int workers,
        Duration tick,
        Duration staleAfter,
        Duration retryBackoff,
        int maxAttempts,
        Duration syncEvery,
        Duration webhookBackoff) {
    public static final int DEFAULT_PORT = 8750;

    public ServerOptions {
        restoreRoots = List.copyOf(restoreRoots);
        if (workers < 1) {
            throw new IllegalArgumentException("--workers must be at least 1");
        }
    }

    public static ServerOptions defaults(Path dataDir) {
        return new ServerOptions(
                dataDir,
                "127.0.0.1",
                DEFAULT_PORT,
                null,
                "",
                "",
                null,
                null,
                "",
                List.of(dataDir.resolve("restores")),
                dataDir.resolve("scratch"),
                Math.max(2, Runtime.getRuntime().availableProcessors()),
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                Duration.ofSeconds(30),
                3,
                Duration.ofMinutes(10),
                Duration.ofSeconds(1));
    }

    /** How often compliance is checked (RPO alerts, metrics): fifteen ticks. */
    public Duration complianceEvery() {
        return tick.multipliedBy(15);
    }

    public String catalog() {
        return catalogUrl != null ? catalogUrl : io.holdfast.server.catalog.Catalog.sqliteUrl(dataDir);
    }

    public Path masterKey() {
        return masterKeyFile != null ? masterKeyFile : dataDir.resolve("master.key");
    }

    public ServerOptions withListen(String h, int p) {
        Copy b = new Copy(this);
        b.host = h;
        b.port = p;
        return b.build();
    }

    public ServerOptions withCatalog(@Nullable String url, String user, String password) {
        Copy b = new Copy(this);
        b.catalogUrl = url;
        b.catalogUser = user;
        b.catalogPassword = password;
        return b.build();
    }

    public ServerOptions withTls(@Nullable Path keystore, String password) {
        Copy b = new Copy(this);
        b.tlsKeystore = keystore;
        b.tlsPassword = password;
        return b.build();
    }

    public ServerOptions withRestoreRoots(List<Path> roots) {
        Copy b = new Copy(this);
        b.restoreRoots = roots;
        return b.build();
    }

    public ServerOptions withWorkers(int n) {
        Copy b = new Copy(this);
        b.workers = n;
        return b.build();
    }

    public ServerOptions withMasterKey(@Nullable Path file) {
        Copy b = new Copy(this);
        b.masterKeyFile = file;
        return b.build();
    }

    public ServerOptions withWebhookBackoff(Duration d) {
        Copy b = new Copy(this);
        b.webhookBackoff = d;
        return b.build();
    }

    public ServerOptions withRetries(Duration backoff, int attempts) {
        Copy b = new Copy(this);
        b.retryBackoff = backoff;
        b.maxAttempts = attempts;
        return b.build();
    }

    /** A changeable copy, for the {@code with...} methods. */
    private static final class Copy {
        Path dataDir;
        String host;
        int port;

        @Nullable
        String catalogUrl;

        String catalogUser;
        String catalogPassword;

        @Nullable
        Path masterKeyFile;

        @Nullable
        Path tlsKeystore;

        String tlsPassword;
        List<Path> restoreRoots;
        Path scratchDir;
        int workers;
        Duration tick;
        Duration staleAfter;
        Duration retryBackoff;
        int maxAttempts;
        Duration syncEvery;
        Duration webhookBackoff;

        Copy(ServerOptions o) {
            dataDir = o.dataDir;
            host = o.host;
            port = o.port;
            catalogUrl = o.catalogUrl;
            catalogUser = o.catalogUser;
            catalogPassword = o.catalogPassword;
            masterKeyFile = o.masterKeyFile;
            tlsKeystore = o.tlsKeystore;
            tlsPassword = o.tlsPassword;
            restoreRoots = o.restoreRoots;
            scratchDir = o.scratchDir;
            workers = o.workers;
            tick = o.tick;
            staleAfter = o.staleAfter;
            retryBackoff = o.retryBackoff;
            maxAttempts = o.maxAttempts;
            syncEvery = o.syncEvery;
            webhookBackoff = o.webhookBackoff;
        }

        ServerOptions build() {
            return new ServerOptions(
                    dataDir,
                    host,
                    port,
                    catalogUrl,
                    catalogUser,
                    catalogPassword,
                    masterKeyFile,
                    tlsKeystore,
                    tlsPassword,
                    restoreRoots,
                    scratchDir,
                    workers,
                    tick,
                    staleAfter,
                    retryBackoff,
                    maxAttempts,
                    syncEvery,
                    webhookBackoff);
        }
    }
}

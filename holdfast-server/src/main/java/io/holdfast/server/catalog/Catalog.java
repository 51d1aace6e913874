package io.holdfast.server.catalog;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.Locale;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * The manager's catalog: an SQLite file in the data directory by default, or PostgreSQL ({@code jdbc:postgresql:...})
 * for larger installations and several server instances. One migration set (Flyway, {@code db/migration}) serves both.
 */
public final class Catalog implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final boolean sqlite;

    private Catalog(HikariDataSource dataSource, boolean sqlite) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        this.sqlite = sqlite;
    }

    /** The SQLite catalog file of a data directory. */
    public static String sqliteUrl(Path dataDir) {
        return "jdbc:sqlite:" + dataDir.resolve("catalog.db").toAbsolutePath();
    }

    /**
     * Opens the catalog at {@code url} and brings its schema up to date. PostgreSQL credentials may be given in the URL
     * or as {@code user} and {@code password} ({@code HOLDFAST_CATALOG_USER} and {@code HOLDFAST_CATALOG_PASSWORD}).
     */
    public static Catalog open(String url, String user, String password) {
        String lower = url.toLowerCase(Locale.ROOT);
        boolean sqlite = lower.startsWith("jdbc:sqlite:");
        if (!sqlite && !lower.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(
                    "unsupported catalog URL '" + url + "': use jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setPoolName("catalog");
        if (sqlite) {
            // WAL lets readers run beside the one writer; a writer waits for another instead of failing at once.
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", "NORMAL");
            config.addDataSourceProperty("busy_timeout", "30000");
            config.addDataSourceProperty("foreign_keys", "true");
            // a transaction takes the write lock when it begins (waiting up to the busy timeout), instead of failing
            // with SQLITE_BUSY when a reading transaction later tries to write while another connection writes
            config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            config.setMaximumPoolSize(8);
        } else {
            if (!user.isEmpty()) {
                config.setUsername(user);
            }
            if (!password.isEmpty()) {
                config.setPassword(password);
            }
            config.setMaximumPoolSize(12);
        }
        config.setInitializationFailTimeout(-1);
        HikariDataSource ds = new HikariDataSource(config);
        try {
            Flyway.configure()
                    .dataSource(ds)
                    .locations("classpath:db/migration")
                    .loggers("slf4j")
                    .placeholders(java.util.Map.of("without_rowid", sqlite ? "WITHOUT ROWID" : ""))
                    .load()
                    .migrate();
            return new Catalog(ds, sqlite);
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** Whether the catalog is an SQLite file (one server instance) rather than PostgreSQL. */
    public boolean sqlite() {
        return sqlite;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}

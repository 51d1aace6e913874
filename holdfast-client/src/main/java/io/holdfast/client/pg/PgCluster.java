package io.holdfast.client.pg;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One JDBC session to a PostgreSQL cluster, for the few queries backup and archiving need. Errors become {@link
 * IOException}s that say which cluster and what failed (never the password).
 */
final class PgCluster implements AutoCloseable {
    private final PgDsn dsn;
    private final Connection conn;

    private PgCluster(PgDsn dsn, Connection conn) {
        this.dsn = dsn;
        this.conn = conn;
    }

    static PgCluster connect(PgDsn dsn) throws IOException {
        try {
            Connection c = DriverManager.getConnection(dsn.jdbcUrl(), dsn.properties());
            c.setAutoCommit(true);
            return new PgCluster(dsn, c);
        } catch (SQLException e) {
            throw new IOException(
                    "cannot connect to PostgreSQL at " + dsn + ": " + e.getMessage()
                            + " (check --dsn, the server, pg_hba.conf and the password)",
                    e);
        }
    }

    PgDsn dsn() {
        return dsn;
    }

    /** The first column of the first row of {@code sql} with {@code args}, as text (null for SQL NULL or no row). */
    @Nullable
    String text(String sql, Object... args) throws IOException {
        List<String[]> rows = rows(sql, args);
        return rows.isEmpty() ? null : rows.get(0)[0];
    }

    String required(String sql, Object... args) throws IOException {
        String v = text(sql, args);
        if (v == null) {
            throw new IOException("PostgreSQL at " + dsn + " returned nothing for: " + sql);
        }
        return v;
    }

    List<String[]> rows(String sql, Object... args) throws IOException {
        try (PreparedStatement st = conn.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            boolean hasRows = st.execute();
            List<String[]> out = new ArrayList<>();
            if (hasRows) {
                try (ResultSet rs = st.getResultSet()) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        String[] row = new String[n];
                        for (int i = 0; i < n; i++) {
                            row[i] = rs.getString(i + 1);
                        }
                        out.add(row);
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IOException("PostgreSQL at " + dsn + ": " + e.getMessage(), e);
        }
    }

    /** The cluster's system identifier: the same for a cluster and every copy restored from it. */
    String systemId() throws IOException {
        return required("SELECT system_identifier::text FROM pg_control_system()");
    }

    long segmentSize() throws IOException {
        return Long.parseLong(required("SELECT setting FROM pg_settings WHERE name = 'wal_segment_size'"));
    }

    int serverVersion() throws IOException {
        return Integer.parseInt(required("SHOW server_version_num"));
    }

    String dataDirectory() throws IOException {
        return required("SHOW data_directory");
    }

    /** Tablespaces other than the two inside the data directory. */
    List<String> extraTablespaces() throws IOException {
        List<String> out = new ArrayList<>();
        for (String[] r : rows("SELECT spcname, pg_tablespace_location(oid) FROM pg_tablespace"
                + " WHERE spcname NOT IN ('pg_default', 'pg_global')")) {
            out.add(r[0] + " (" + r[1] + ")");
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        try {
            conn.close();
        } catch (SQLException e) {
            throw new IOException("closing the session to " + dsn + ": " + e.getMessage(), e);
        }
    }
}

package io.holdfast.client.pg;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * A libpq connection URI ({@code postgresql://user:password@host:port/database?param=value}), as PostgreSQL's own
 * tools take it; turned into a JDBC URL and properties for the queries Holdfast runs itself, and passed unchanged to
 * {@code pg_receivewal}. The password is never logged: {@link #toString} leaves it out.
 */
record PgDsn(String uri, String jdbcUrl, Properties properties) {
    static PgDsn parse(String dsn) {
        URI u;
        try {
            u = URI.create(dsn);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--dsn must be a URI such as postgresql://user@host:5432/db: " + e.getMessage());
        }
        if (!"postgresql".equals(u.getScheme()) && !"postgres".equals(u.getScheme())) {
            throw new IllegalArgumentException("--dsn must start with postgresql:// (as psql takes it), not '"
                    + (u.getScheme() == null ? dsn.replaceAll(":[^@/]*@", ":***@") : u.getScheme() + "://") + "'");
        }
        Properties p = new Properties();
        String userInfo = u.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            p.setProperty("user", decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
            if (colon >= 0) {
                p.setProperty("password", decode(userInfo.substring(colon + 1)));
            }
        }
        String query = u.getRawQuery();
        if (query != null) {
            for (String kv : query.split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    String k = decode(kv.substring(0, eq));
                    String v = decode(kv.substring(eq + 1));
                    switch (k) {
                        case "sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout", "application_name" ->
                            p.setProperty(k.equals("connect_timeout") ? "connectTimeout" : k, v);
                        case "user", "password" -> p.setProperty(k, v);
                        default -> {} // libpq options JDBC does not know are for the libpq tools only
                    }
                }
            }
        }
        String host = u.getHost() == null ? "localhost" : u.getHost();
        int port = u.getPort() < 0 ? 5432 : u.getPort();
        String path = u.getRawPath() == null || u.getRawPath().length() <= 1
                ? "postgres"
                : decode(u.getRawPath().substring(1));
        String jdbc = "jdbc:postgresql://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + path;
        return new PgDsn(dsn, jdbc, p);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return redact(uri);
    }

    static String redact(String uri) {
        return uri.replaceAll("(//[^:@/]*):[^@/]*@", "$1:***@");
    }
}

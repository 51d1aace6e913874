package io.holdfast.client.pg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds PostgreSQL's client programs: {@code HOLDFAST_PG_BIN}, then PATH, then Debian's and RPM's directories. */
final class PgTools {
    private PgTools() {}

    static String find(String tool) throws IOException {
        List<Path> dirs = new ArrayList<>();
        String env = System.getenv("HOLDFAST_PG_BIN");
        if (env != null && !env.isBlank()) {
            dirs.add(Path.of(env));
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(":")) {
                if (!d.isEmpty()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        for (String v : List.of("18", "17", "16", "15")) {
            dirs.add(Path.of("/usr/lib/postgresql", v, "bin"));
            dirs.add(Path.of("/usr/pgsql-" + v, "bin"));
        }
        for (Path d : dirs) {
            Path p = d.resolve(tool);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new IOException(tool + " not found: install PostgreSQL's client programs (Debian: postgresql-client) or"
                + " set HOLDFAST_PG_BIN to their directory");
    }
}

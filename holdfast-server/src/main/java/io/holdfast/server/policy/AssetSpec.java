package io.holdfast.server.policy;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What to protect; the body of {@code POST /api/v1/assets} and an entry of {@code policy apply}'s file.
 *
 * @param name unique name
 * @param kind {@code paths} (files and directories), {@code command} (a command's standard output, e.g. {@code pg_dump
 *     -Fc}), {@code prompt-log} (a JSONL log backed up with per-subject keys) or {@code postgres} (a base backup of a
 *     PostgreSQL cluster on this host, as {@code holdfast pg backup}; WAL archiving runs as {@code holdfast pg
 *     archive})
 * @param paths with {@code paths}: absolute paths; with {@code prompt-log}: the one log file
 * @param excludes exclude patterns, as {@code backup --exclude}
 * @param command with {@code command}: the program and its arguments (no shell)
 * @param filename with {@code command}: the file name its output gets in the snapshot
 * @param subject with {@code prompt-log}: the JSON pointer of the subject field, as {@code backup --subject}
 * @param tags extra snapshot tags
 * @param dsn with {@code postgres}: the cluster, {@code postgresql://USER@HOST:PORT/DB}; no password in it (it would
 *     be stored and returned): the server's {@code ~/.pgpass}, {@code PGPASSFILE} or peer/trust authentication
 * @param pre a command run (by {@code sh -c}) before the backup, as {@code backup --pre}; its exit code and output go
 *     to the snapshot summary and the job log
 * @param post a command run after it, also after a failure, as {@code backup --post}
 */
public record AssetSpec(
        String name,
        String kind,
        List<String> paths,
        List<String> excludes,
        List<String> command,
        @Nullable String filename,
        @Nullable String subject,
        List<String> tags,
        @Nullable String dsn,
        @Nullable String pre,
        @Nullable String post) {
    public static final List<String> KINDS = List.of("paths", "command", "prompt-log", "postgres");

    /** An asset without a DSN or hooks. */
    public AssetSpec(
            String name,
            String kind,
            List<String> paths,
            List<String> excludes,
            List<String> command,
            @Nullable String filename,
            @Nullable String subject,
            List<String> tags) {
        this(name, kind, paths, excludes, command, filename, subject, tags, null, null, null);
    }

    public AssetSpec {
        name = name == null ? "" : name;
        kind = kind == null ? "paths" : kind;
        paths = paths == null ? List.of() : List.copyOf(paths);
        excludes = excludes == null ? List.of() : List.copyOf(excludes);
        command = command == null ? List.of() : List.copyOf(command);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** Checks the fields; throws {@link SpecException} naming the field at fault. */
    public AssetSpec validated() {
        Names.check("name", name);
        if (!KINDS.contains(kind)) {
            throw new SpecException("kind", "must be one of " + String.join(", ", KINDS));
        }
        switch (kind) {
            case "paths" -> {
                if (paths.isEmpty()) {
                    throw new SpecException("paths", "name at least one absolute path");
                }
                for (String p : paths) {
                    if (!p.startsWith("/")) {
                        throw new SpecException("paths", "'" + p + "' is not absolute");
                    }
                }
            }
            case "command" -> {
                if (command.isEmpty()) {
                    throw new SpecException("command", "name the program and its arguments");
                }
                if (filename == null || filename.isBlank() || filename.contains("/")) {
                    throw new SpecException("filename", "name the file (no '/') the command's output is stored as");
                }
            }
            case "postgres" -> {
                if (dsn == null || !(dsn.startsWith("postgresql://") || dsn.startsWith("postgres://"))) {
                    throw new SpecException("dsn", "give the cluster as postgresql://USER@HOST:PORT/DB");
                }
                String auth = dsn.substring(dsn.indexOf("//") + 2).split("[/?]", 2)[0];
                if (auth.contains("@")
                                && auth.substring(0, auth.lastIndexOf('@')).contains(":")
                        || dsn.contains("password=")) {
                    throw new SpecException(
                            "dsn",
                            "no password in the DSN (it would be stored and shown): use the"
                                    + " server's ~/.pgpass or PGPASSFILE");
                }
            }
            default -> {
                if (paths.size() != 1 || !paths.getFirst().startsWith("/")) {
                    throw new SpecException("paths", "name the one prompt log, by absolute path");
                }
                if (subject == null || !subject.startsWith("/")) {
                    throw new SpecException("subject", "give the subject field as a JSON pointer, e.g. /user_id");
                }
            }
        }
        for (String t : tags) {
            if (t.isBlank() || t.contains(",")) {
                throw new SpecException("tags", "a tag may not be empty or contain ','");
            }
        }
        return this;
    }
}

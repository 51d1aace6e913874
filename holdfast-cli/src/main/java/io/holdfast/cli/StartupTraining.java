package io.holdfast.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The training workload of the ahead-of-time cache (JDK 25's {@code -XX:AOTCacheOutput}): the build runs it once in
 * the JVM that records which classes load and link and how methods are used, and the launcher starts later commands
 * from that cache ({@code src/build/aot-cache.sh}, design.md §22). It runs the everyday commands in process on a
 * small repository in {@code DIRECTORY}: a class only one rare command loads costs that command its loading time,
 * nothing more. Every command must succeed, so a broken command breaks the build here rather than a user's start-up;
 * on success it leaves {@code DIRECTORY.ok}.
 */
public final class StartupTraining {
    private StartupTraining() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: StartupTraining DIRECTORY");
        }
        Path work = Path.of(args[0]);
        Files.createDirectories(work);
        try {
            run(work);
        } finally {
            io.holdfast.cli.commands.QuickstartFiles.deleteTree(work);
        }
        // the JVM that writes the cache exits 0 whatever the training did: the build looks for this file instead
        Files.writeString(work.resolveSibling(work.getFileName() + ".ok"), "trained\n");
    }

    /** Runs the workload in {@code work}; throws if a command fails. */
    static void run(Path work) throws IOException {
        // Main.main installs it on a thread of its own after 250 ms: its java.management classes (about 60, and the
        // proxies it spins) were loaded from the runtime image by every longer command until the cache held them
        HeapGovernor.install(HeapGovernor.DEFAULT_FACTOR);
        Path source = Files.createDirectories(work.resolve("data/sub"));
        Random random = new Random(1);
        for (int i = 0; i < 8; i++) {
            byte[] data = new byte[i * 40_000 + 100];
            random.nextBytes(data);
            Files.write(source.resolve("file" + i + ".bin"), data);
        }
        Files.writeString(source.resolve("notes.txt"), "text compresses\n".repeat(2_000), StandardCharsets.UTF_8);
        String data = work.resolve("data").toString();
        Path log = work.resolve("prompts.jsonl");
        Files.writeString(log, promptLog(random, 0, 2_000), StandardCharsets.UTF_8);
        Map<String, String> env = new HashMap<>();
        env.put("HOLDFAST_REPOSITORY", work.resolve("repo").toString());
        env.put("HOLDFAST_PASSWORD", "training");
        env.put("HOLDFAST_KEYSTORE", work.resolve("keystore").toString());
        List<List<String>> commands = new ArrayList<>(List.of(
                List.of("version"),
                List.of("--help"),
                List.of("backup", "--help"),
                List.of("init"),
                List.of("backup", data),
                List.of("backup", "--json", data),
                List.of("diff", "--json", "latest", "latest"),
                List.of("snapshots"),
                List.of("snapshots", "--json"),
                List.of("ls", "latest"),
                List.of("find", "notes.txt"),
                List.of("stats"),
                List.of("cat", "config"),
                List.of("key", "list"),
                List.of("list", "snapshots"),
                List.of("tag", "--add", "trained", "latest"),
                List.of(
                        "restore",
                        "latest",
                        "--target",
                        work.resolve("restored").toString()),
                List.of("dump", "latest", data + "/sub/notes.txt"),
                List.of("check", "--read-data"),
                List.of("backup", "--prompt-log", "--subject", "/user", log.toString()),
                List.of("backup", "--prompt-log", "--subject", "/user", log.toString()),
                List.of("forget", "--keep-last", "1", "--prune")));
        boolean appended = false;
        for (List<String> command : commands) {
            StringWriter output = new StringWriter();
            PrintWriter writer = new PrintWriter(output);
            int exit =
                    Main.run(new CliEnvironment(env, writer, writer, Terminal.none()), command.toArray(String[]::new));
            if (exit != ExitCode.OK) {
                throw new IllegalStateException(
                        "holdfast " + String.join(" ", command) + " exited with " + exit + ":\n" + output);
            }
            if (command.contains("--prompt-log") && !appended) {
                // the next day of the log, which the second prompt-log backup envelopes from the checkpoint
                Files.writeString(
                        log, promptLog(random, 2_000, 500), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                appended = true;
            }
        }
    }

    /** {@code count} JSONL records of 40 subjects, numbered from {@code first}. */
    private static String promptLog(Random random, int first, int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = first; i < first + count; i++) {
            sb.append("{\"user\":\"user-")
                    .append(random.nextInt(40))
                    .append("\",\"prompt\":\"question ")
                    .append(i)
                    .append(" about the text that compresses\",\"response\":\"an answer of ")
                    .append(random.nextInt(1_000_000))
                    .append("\"}\n");
        }
        return sb.toString();
    }
}

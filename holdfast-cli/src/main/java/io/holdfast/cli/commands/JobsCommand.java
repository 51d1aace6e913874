package io.holdfast.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.cli.output.Table;
import io.holdfast.cli.remote.ApiClient;
import io.holdfast.cli.remote.ServerConnection;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code holdfast jobs [--watch]} and {@code holdfast jobs logs ID [--follow]}: a server's jobs. */
@Command(
        name = "jobs",
        description = "List a holdfast server's jobs, newest first; jobs logs ID prints one's log.",
        subcommands = {JobsCommand.Logs.class})
public final class JobsCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private final GlobalOptions globals;

    @Mixin
    ServerConnection connection = new ServerConnection();

    @Option(
            names = "--state",
            paramLabel = "STATE",
            description =
                    "Only jobs in STATE (queued, running, succeeded," + " partial, failed, cancelled, interrupted).")
    @Nullable
    String state;

    @Option(names = "--policy", paramLabel = "ID", description = "Only jobs of this policy (id).")
    @Nullable
    String policy;

    @Option(names = "--limit", paramLabel = "N", description = "At most N jobs (default 20).")
    int limit = 20;

    @Option(names = "--watch", description = "Redraw every 2 seconds until Ctrl-C.")
    boolean watch;

    public JobsCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() throws Exception {
        ApiClient api = connection.client(globals.environment());
        StringBuilder q = new StringBuilder("/api/v1/jobs?limit=" + limit);
        if (state != null) {
            q.append("&state=").append(ApiClient.enc(state));
        }
        if (policy != null) {
            q.append("&policy=").append(ApiClient.enc(policy));
        }
        do {
            JsonNode jobs = api.get(q.toString());
            if (globals.json()) {
                globals.output().emit(jobs);
            } else {
                if (watch) {
                    globals.environment().out().print("\033[H\033[2J");
                }
                globals.output().table(table(jobs));
            }
            globals.environment().out().flush();
            if (watch) {
                Thread.sleep(2000);
            }
        } while (watch);
        return ExitCode.OK;
    }

    static Table table(JsonNode jobs) {
        Table t = new Table("ID", "Kind", "State", "Stage", "Created", "Took", "Progress");
        for (JsonNode j : jobs) {
            long created = j.path("createdAt").asLong();
            String took = "";
            if (j.hasNonNull("startedAt")) {
                long end = j.hasNonNull("finishedAt") ? j.get("finishedAt").asLong() : System.currentTimeMillis();
                took = (end - j.get("startedAt").asLong()) / 1000 + " s";
            }
            JsonNode p = j.path("progress");
            String progress = "";
            if (j.path("state").asText().equals("running") && p.isObject()) {
                progress = p.has("percentDone") ? p.get("percentDone").asText() + "%" : "";
                progress += " " + p.path("bytesPerSecond").asLong() / 1_000_000 + " MB/s";
                if (p.has("etaSeconds")) {
                    progress += ", ETA " + p.get("etaSeconds").asLong() + " s";
                }
            } else if (j.hasNonNull("error")) {
                progress = j.get("error").asText();
            }
            t.row(
                    j.path("id").asText(),
                    j.path("kind").asText(),
                    j.path("state").asText(),
                    j.path("stage").asText(""),
                    TIME.format(Instant.ofEpochMilli(created).atZone(ZoneId.systemDefault())),
                    took,
                    progress.strip());
        }
        return t;
    }

    @Command(name = "logs", description = "Print a job's log; --follow waits for new lines until the job ends.")
    static final class Logs implements Callable<Integer> {
        private final GlobalOptions globals;

        @Mixin
        ServerConnection connection = new ServerConnection();

        @Parameters(paramLabel = "ID", description = "The job.")
        String id = "";

        @Option(
                names = {"-f", "--follow"},
                description = "Keep printing new lines until the job ends.")
        boolean follow;

        Logs(GlobalOptions globals) {
            this.globals = globals;
        }

        @Override
        public Integer call() throws Exception {
            ApiClient api = connection.client(globals.environment());
            String path = "/api/v1/jobs/" + ApiClient.enc(id);
            int after = 0;
            List<JsonNode> all = new ArrayList<>();
            while (true) {
                boolean finished = !api.get(path).path("state").asText().matches("queued|running");
                for (JsonNode line : api.get(path + "/logs?after=" + after)) {
                    after = line.get("seq").asInt();
                    if (globals.json()) {
                        all.add(line);
                    } else {
                        globals.output()
                                .print(TIME.format(Instant.ofEpochMilli(
                                                        line.get("at").asLong())
                                                .atZone(ZoneId.systemDefault()))
                                        + "  " + line.get("line").asText());
                    }
                }
                globals.environment().out().flush();
                if (!follow || finished) {
                    break;
                }
                Thread.sleep(1000);
            }
            if (globals.json()) {
                globals.output().emit(all);
            }
            return ExitCode.OK;
        }
    }
}

package io.holdfast.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.cli.remote.ApiClient;
import io.holdfast.cli.remote.ServerConnection;
import io.holdfast.server.catalog.Json;
import io.holdfast.server.policy.AssetSpec;
import io.holdfast.server.policy.PolicyFile;
import io.holdfast.server.policy.PolicySpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code holdfast policy apply -f FILE}: makes the server's assets and policies match a file, declaratively and
 * idempotently (like {@code kubectl apply}): each is created, updated or left unchanged; nothing else is touched.
 */
@Command(
        name = "policy",
        description = "Manage a holdfast server's policies: policy apply -f FILE.",
        subcommands = {PolicyCommand.Apply.class})
public final class PolicyCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    public PolicyCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() {
        globals.output().warn("use: holdfast policy apply -f FILE");
        return ExitCode.USAGE;
    }

    /** One line of the outcome: {@code asset datasets: created}. */
    record Change(String kind, String name, String action) {}

    @Command(
            name = "apply",
            description = "Create or update the assets and policies of a YAML or JSON file"
                    + " (docs/server.md); unchanged ones are left alone, so running it twice changes nothing.")
    static final class Apply implements Callable<Integer> {
        private final GlobalOptions globals;

        @Mixin
        ServerConnection connection = new ServerConnection();

        @Option(
                names = {"-f", "--file"},
                required = true,
                paramLabel = "FILE",
                description = "The policy file.")
        Path file = Path.of("");

        @Option(names = "--dry-run", description = "Only show what would change.")
        boolean dryRun;

        Apply(GlobalOptions globals) {
            this.globals = globals;
        }

        @Override
        public Integer call() throws Exception {
            PolicyFile f = PolicyFile.parse(Files.readString(file));
            ApiClient api = connection.client(globals.environment());
            List<Change> changes = new ArrayList<>();
            for (AssetSpec a : f.assets()) {
                changes.add(apply(api, "assets", a.name(), a));
            }
            for (PolicySpec p : f.policies()) {
                changes.add(apply(api, "policies", p.name(), p));
            }
            if (globals.json()) {
                globals.output().emit(Map.of("changes", changes, "dry_run", dryRun));
            } else {
                for (Change c : changes) {
                    globals.output()
                            .print(c.kind() + " " + c.name() + ": " + c.action()
                                    + (dryRun && !c.action().equals("unchanged") ? " (dry run)" : ""));
                }
            }
            return ExitCode.OK;
        }

        private Change apply(ApiClient api, String kind, String name, Object spec) throws Exception {
            String path = "/api/v1/" + kind + "/" + ApiClient.enc(name);
            JsonNode want = Json.MAPPER.valueToTree(spec);
            var have = api.find(path);
            String action;
            if (have.isEmpty()) {
                action = "created";
                if (!dryRun) {
                    api.post("/api/v1/" + kind, spec);
                }
            } else if (specOf(have.get(), want).equals(want)) {
                action = "unchanged";
            } else {
                action = "updated";
                if (!dryRun) {
                    api.put("/api/v1/" + kind + "/" + have.get().get("id").asText(), spec);
                }
            }
            return new Change(kind.equals("assets") ? "asset" : "policy", name, action);
        }

        /** The server's view reduced to the fields of the spec. */
        private static JsonNode specOf(JsonNode view, JsonNode want) {
            ObjectNode o = Json.MAPPER.createObjectNode();
            want.fieldNames().forEachRemaining(n -> {
                if (view.has(n)) {
                    o.set(n, view.get(n));
                }
            });
            return o;
        }
    }
}

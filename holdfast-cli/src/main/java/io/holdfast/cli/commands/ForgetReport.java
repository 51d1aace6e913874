package io.holdfast.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.holdfast.cli.output.GoText;
import io.holdfast.cli.output.Output;
import io.holdfast.cli.output.ResticJson;
import io.holdfast.cli.output.Table;
import io.holdfast.client.ForgetResult;
import io.holdfast.engine.ForgetOptions;
import io.holdfast.engine.ForgetPlan;
import io.holdfast.engine.Snapshots;
import io.holdfast.format.Id;
import io.holdfast.format.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Prints what {@code forget} did as restic does: per group, the kept snapshots with their reasons and the removed
 * ones; with {@code --json}, restic's array of groups ({@code tags, host, paths, keep, remove, reasons}).
 */
final class ForgetReport {

    private final Output out;
    private final boolean compact;

    ForgetReport(Output out, boolean compact) {
        this.out = out;
        this.compact = compact;
    }

    void print(ForgetOptions opts, ForgetResult result) {
        ForgetPlan plan = result.plan();
        if (out.json()) {
            out.emit(json(plan));
            return;
        }
        if (opts.snapshots().isEmpty()) {
            if (opts.policy().isEmpty()) {
                out.info("no policy was specified, no snapshots will be removed");
            } else {
                out.info("Applying Policy: " + opts.policy());
            }
        }
        for (ForgetPlan.Group g : plan.groups()) {
            String heading = g.key().heading();
            if (!heading.isEmpty()) {
                out.info(heading);
            }
            if (!g.keep().isEmpty()) {
                Map<Id, List<String>> reasons = new HashMap<>();
                g.keep().forEach(k -> reasons.put(k.snapshot().id(), k.reasons()));
                out.info("keep " + g.keep().size() + " snapshots:");
                table(g.keep().stream().map(ForgetPlan.Kept::snapshot).toList(), reasons);
                out.info("");
            }
            if (!g.remove().isEmpty()) {
                out.info("remove " + g.remove().size() + " snapshots:");
                table(g.remove(), null);
                out.info("");
            }
        }
        List<Id> planned = plan.toRemove();
        if (result.dryRun()) {
            if (!planned.isEmpty()) {
                out.info("Would have removed the following snapshots:");
                out.info(planned.stream().map(Id::shortHex).collect(Collectors.joining(" ", "{", "}")));
            }
        } else {
            for (Id id : result.removed()) {
                out.verbose(1, "removed snapshot " + id.shortHex());
            }
            out.info("removed " + result.removed().size() + " snapshot"
                    + (result.removed().size() == 1 ? "" : "s"));
        }
    }

    /** A listing like restic's, oldest first; with a Reasons column when {@code reasons} are given. */
    private void table(List<Snapshots.Ref> newestFirst, @Nullable Map<Id, List<String>> reasons) {
        List<String> headers = new ArrayList<>(List.of("ID", "Time", "Host", "Tags"));
        if (!compact) {
            if (reasons != null) {
                headers.add("Reasons");
            }
            headers.add("Paths");
        }
        Table t = new Table(headers.toArray(String[]::new));
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            Snapshots.Ref r = newestFirst.get(i);
            Snapshot s = r.snapshot();
            List<Object> row = new ArrayList<>(List.of(
                    r.id().shortHex(),
                    GoText.localTime(s.time()),
                    s.hostname(),
                    String.join(compact ? "\n" : ",", s.tags())));
            if (!compact) {
                if (reasons != null) {
                    row.add(String.join("\n", reasons.getOrDefault(r.id(), List.of())));
                }
                row.add(String.join("\n", s.paths()));
            }
            t.row(row.toArray());
        }
        t.footer(newestFirst.size() + " snapshots");
        for (String line : t.render()) {
            out.info(line);
        }
    }

    /** restic's JSON: lists that are empty, or keys a grouping does not use, are {@code null}. */
    static ArrayNode json(ForgetPlan plan) {
        ArrayNode groups = Output.mapper().createArrayNode();
        for (ForgetPlan.Group g : plan.groups()) {
            ObjectNode o = groups.addObject();
            o.set("tags", strings(g.key().tags()));
            o.put("host", g.key().hostname());
            o.set("paths", strings(g.key().paths()));
            ArrayNode keep = Output.mapper().createArrayNode();
            ArrayNode reasons = Output.mapper().createArrayNode();
            for (ForgetPlan.Kept k : g.keep()) {
                keep.add(snapshot(k.snapshot(), true));
                ObjectNode reason = reasons.addObject();
                reason.set("snapshot", snapshot(k.snapshot(), false));
                reason.set("matches", strings(k.reasons()));
                ObjectNode counters = reason.putObject("counters");
                ForgetPlan.Counters c = k.counters();
                putNonZero(counters, "last", c.last());
                putNonZero(counters, "hourly", c.hourly());
                putNonZero(counters, "daily", c.daily());
                putNonZero(counters, "weekly", c.weekly());
                putNonZero(counters, "monthly", c.monthly());
                putNonZero(counters, "yearly", c.yearly());
            }
            ArrayNode remove = Output.mapper().createArrayNode();
            for (Snapshots.Ref r : g.remove()) {
                remove.add(snapshot(r, true));
            }
            o.set("keep", keep.isEmpty() ? NullNode.getInstance() : keep);
            o.set("remove", remove.isEmpty() ? NullNode.getInstance() : remove);
            o.set("reasons", reasons.isEmpty() ? NullNode.getInstance() : reasons);
        }
        return groups;
    }

    /** The snapshot's JSON as restic prints it, with {@code id} and {@code short_id} if asked. */
    private static ObjectNode snapshot(Snapshots.Ref r, boolean withId) {
        return ResticJson.snapshot(r, withId);
    }

    private static JsonNode strings(@Nullable List<String> values) {
        if (values == null) {
            return NullNode.getInstance();
        }
        ArrayNode a = Output.mapper().createArrayNode();
        values.forEach(a::add);
        return a;
    }

    private static void putNonZero(ObjectNode o, String name, int value) {
        if (value != 0) {
            o.put(name, value);
        }
    }
}

package io.holdfast.server.api;

import io.holdfast.server.ServerContext;
import io.holdfast.server.catalog.StorageHistory;
import io.holdfast.server.catalog.Targets;
import io.holdfast.server.security.Permission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/storage}: storage used and saved by deduplication and compression, per target now and over all
 * targets over time (samples are taken by each file-index update, see {@link StorageHistory}).
 */
final class StorageResource implements Routes.Resource {
    static final int MAX_POINTS = 200;

    private final ServerContext server;

    StorageResource(ServerContext server) {
        this.server = server;
    }

    @Override
    public void register(Routes r) {
        r.get(
                "/api/v1/storage",
                Permission.TARGET_READ,
                "Storage per target (logical, after dedup, stored) and its total over time (days, default 30)",
                ctx -> {
                    int days = Requests.intQuery(ctx, "days", 30);
                    if (days < 1 || days > 3660) {
                        throw ApiException.badRequest("days must be between 1 and 3660");
                    }
                    long since = server.clock.millis() - days * 86_400_000L;
                    Map<String, StorageHistory.Sample> latest = server.storage.latest();
                    List<Map<String, Object>> targets = new ArrayList<>();
                    long[] total = new long[4];
                    for (Targets.Target t : server.targets.list()) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("targetId", t.id());
                        m.put("name", t.name());
                        StorageHistory.Sample s = latest.get(t.id());
                        if (s != null) {
                            m.put("at", s.at());
                            m.put("copies", s.copies());
                            m.put("logicalBytes", s.logicalBytes());
                            m.put("rawBytes", s.rawBytes());
                            m.put("storedBytes", s.storedBytes());
                            total[0] += s.copies();
                            total[1] += s.logicalBytes();
                            total[2] += s.rawBytes();
                            total[3] += s.storedBytes();
                        }
                        targets.add(m);
                    }
                    Map<String, Object> sum = new LinkedHashMap<>();
                    sum.put("copies", total[0]);
                    sum.put("logicalBytes", total[1]);
                    sum.put("rawBytes", total[2]);
                    sum.put("storedBytes", total[3]);
                    sum.put("savedByDedupBytes", Math.max(0, total[1] - total[2]));
                    sum.put("savedByCompressionBytes", Math.max(0, total[2] - total[3]));
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("total", sum);
                    out.put("targets", targets);
                    out.put("series", StorageHistory.totals(server.storage.since(since), MAX_POINTS));
                    ctx.json(out);
                });
    }
}

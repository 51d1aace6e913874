package io.holdfast.server;

import io.holdfast.server.audit.AuditLog;
import io.holdfast.server.catalog.Catalog;
import io.holdfast.server.catalog.Copies;
import io.holdfast.server.catalog.Jobs;
import io.holdfast.server.catalog.Specs;
import io.holdfast.server.catalog.Targets;
import io.holdfast.server.catalog.Users;
import io.holdfast.server.policy.AssetSpec;
import io.holdfast.server.policy.PolicySpec;
import io.holdfast.server.security.SecretBox;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.ZoneId;

/** The server's parts, shared by the API, the scheduler and the jobs. */
public final class ServerContext {
    public final ServerOptions options;
    public final Clock clock;
    public final ZoneId zone;
    public final Catalog catalog;
    public final Users users;
    public final Targets targets;
    public final Specs<AssetSpec> assets;
    public final Specs<PolicySpec> policies;
    public final Jobs jobs;
    public final Copies copies;
    public final AuditLog audit;
    public final io.holdfast.server.catalog.FileIndex files;
    public final io.holdfast.server.catalog.Alerts alerts;
    public final io.holdfast.server.catalog.Webhooks webhooks;
    public final io.holdfast.server.catalog.StorageHistory storage;
    public final PrometheusMeterRegistry metrics;
    public final String node;
    private final SecretBox box;
    private io.holdfast.promptlog.@org.jspecify.annotations.Nullable LocalKeyStore keys;

    public ServerContext(ServerOptions options, Clock clock, Catalog catalog, SecretBox box, String node) {
        this.options = options;
        this.clock = clock;
        this.zone = clock.getZone();
        this.catalog = catalog;
        this.users = new Users(catalog, clock);
        this.targets = new Targets(catalog, box, clock);
        this.assets = new Specs<>(catalog, clock, "assets", "kind", AssetSpec.class);
        this.policies = new Specs<>(catalog, clock, "policies", "paused", PolicySpec.class);
        this.jobs = new Jobs(catalog, clock);
        this.copies = new Copies(catalog, clock);
        this.audit = new AuditLog(catalog, clock);
        this.files = new io.holdfast.server.catalog.FileIndex(catalog);
        this.alerts = new io.holdfast.server.catalog.Alerts(catalog, clock);
        this.webhooks = new io.holdfast.server.catalog.Webhooks(catalog, box, clock);
        this.storage = new io.holdfast.server.catalog.StorageHistory(catalog);
        this.metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.node = node;
        this.box = box;
    }

    /**
     * The subject key store of prompt-log assets ({@code DATA_DIR/keystore}, docs/design.md §17.4), opened once and
     * shared by the jobs; its password is derived from the master key.
     */
    public synchronized io.holdfast.promptlog.LocalKeyStore keys() throws java.io.IOException {
        io.holdfast.promptlog.LocalKeyStore k = keys;
        if (k == null) {
            k = io.holdfast.promptlog.LocalKeyStore.open(
                    options.dataDir().resolve("keystore"), box.derive("holdfast subject key store"), true, clock);
            keys = k;
        }
        return k;
    }
}

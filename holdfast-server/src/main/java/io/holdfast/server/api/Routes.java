package io.holdfast.server.api;

import io.holdfast.server.security.Permission;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;

/** Collects the routes of every resource, registering each with Javalin and keeping the table for docs and tests. */
public final class Routes {
    private final RoutesConfig javalin;
    private final List<Route> table = new ArrayList<>();

    Routes(RoutesConfig javalin) {
        this.javalin = javalin;
    }

    public void get(String path, Permission p, String summary, Handler h) {
        add("GET", path, p, summary, h);
    }

    public void post(String path, Permission p, String summary, Handler h) {
        add("POST", path, p, summary, h);
    }

    public void put(String path, Permission p, String summary, Handler h) {
        add("PUT", path, p, summary, h);
    }

    public void delete(String path, Permission p, String summary, Handler h) {
        add("DELETE", path, p, summary, h);
    }

    private void add(String method, String path, Permission p, String summary, Handler h) {
        table.add(new Route(method, path, p, summary));
        javalin.addHttpHandler(HandlerType.findOrCreate(method), path, h, p);
    }

    public List<Route> table() {
        return List.copyOf(table);
    }

    /** A resource: one class per REST resource, registering its routes. */
    public interface Resource {
        void register(Routes routes);
    }
}

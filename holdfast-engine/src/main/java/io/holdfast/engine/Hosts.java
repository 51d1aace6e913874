package io.holdfast.engine;

/** Facts about this machine and process recorded in snapshots. */
public final class Hosts {
    private Hosts() {}

    /** This machine's host name. */
    public static String hostname() {
        return io.holdfast.repository.Keys.hostname();
    }

    static long uid() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid();
        } catch (RuntimeException | LinkageError e) {
            return 0;
        }
    }

    static long gid() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getGid();
        } catch (RuntimeException | LinkageError e) {
            return 0;
        }
    }

    /** Holdfast's version, from the jar manifest, or "dev". */
    public static String version() {
        String v = Hosts.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-dev" : v;
    }
}

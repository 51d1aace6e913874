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

    /**
     * Holdfast's version, from {@code version.properties} (filtered by the build), else the jar manifest, else
     * {@code 0.1.0-dev}. {@code holdfast version} and the snapshots' {@code program_version} both come from here.
     */
    public static String version() {
        try (java.io.InputStream in = Hosts.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                java.util.Properties properties = new java.util.Properties();
                properties.load(in);
                String version = properties.getProperty("version");
                if (version != null && !version.isBlank() && !version.contains("${")) {
                    return version.strip();
                }
            }
        } catch (java.io.IOException e) {
            // fall back to the manifest
        }
        String v = Hosts.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-dev" : v;
    }
}

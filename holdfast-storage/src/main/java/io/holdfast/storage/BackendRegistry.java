package io.holdfast.storage;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Turns a repository location into a backend through the {@link BackendProvider}s on the class path. A location
 * is {@code scheme:rest} (restic's syntax) or a plain path, which is a {@code local:} location.
 */
public final class BackendRegistry {
    /** Letters and digits before a colon; a single letter ({@code C:\\}) is a Windows drive, not a scheme. */
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9]*):.*", Pattern.DOTALL);

    private final Map<String, BackendProvider> providers;

    private BackendRegistry(Map<String, BackendProvider> providers) {
        this.providers = providers;
    }

    /** The providers found by {@link ServiceLoader} with this class's loader. */
    public static BackendRegistry load() {
        return of(ServiceLoader.load(BackendProvider.class, BackendRegistry.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .toList());
    }

    /** A registry of exactly these providers. */
    public static BackendRegistry of(List<BackendProvider> list) {
        Map<String, BackendProvider> map = new TreeMap<>();
        for (BackendProvider p : list) {
            BackendProvider old = map.put(p.scheme(), p);
            if (old != null) {
                throw new IllegalStateException("two backends for scheme " + p.scheme() + ": "
                        + old.getClass().getName() + " and " + p.getClass().getName());
            }
        }
        return new BackendRegistry(map);
    }

    /** The schemes this registry opens. */
    public List<String> schemes() {
        return List.copyOf(providers.keySet());
    }

    /** The scheme of {@code location}: its own, or {@code local} for a path. */
    public static String schemeOf(String location) {
        var m = SCHEME.matcher(location);
        if (!m.matches() || m.group(1).length() == 1) { // a single letter is a Windows drive
            return "local";
        }
        return m.group(1).toLowerCase(Locale.ROOT);
    }

    /**
     * Opens the backend for {@code location}.
     *
     * @throws IllegalArgumentException for an empty location, an unknown scheme (naming the supported ones) or a
     *     malformed location
     */
    public Backend open(String location, Map<String, String> environment) throws IOException {
        if (location.isBlank()) {
            throw new IllegalArgumentException("no repository given: use -r/--repo or set HOLDFAST_REPOSITORY");
        }
        String scheme = schemeOf(location);
        BackendProvider p = providers.get(scheme);
        if (p == null) {
            StringBuilder known = new StringBuilder();
            for (BackendProvider each : providers.values()) {
                known.append(known.isEmpty() ? "" : ", ").append(each.example());
            }
            throw new IllegalArgumentException(
                    "repository type '" + scheme + "' is not supported; use one of: " + known);
        }
        return p.open(
                scheme.equals("local") && !location.regionMatches(true, 0, "local:", 0, 6)
                        ? "local:" + location
                        : location,
                environment);
    }
}

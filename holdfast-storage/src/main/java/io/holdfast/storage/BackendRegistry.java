package io.holdfast.storage;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns a repository location into a backend through the {@link BackendProvider}s on the class path. A location
 * is {@code scheme:rest} (restic's syntax) or a plain path, which is a {@code local:} location.
 *
 * <p>Looking for providers with {@link ServiceLoader} opens every jar of the class path (121 in the release, their
 * central directories read and their manifests parsed: about 50 ms of a cold JVM on the main thread, and C2 time for
 * the zip code afterwards, design.md §22); a command's classes otherwise come from the AOT cache and leave the jars
 * closed. So a registry may be given <i>built-in</i> providers, which open their schemes without a search; the class
 * path is searched once, when a location names another scheme or the list of schemes is asked for.
 */
public final class BackendRegistry {
    /** Letters and digits before a colon; a single letter ({@code C:\\}) is a Windows drive, not a scheme. */
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9]*):.*", Pattern.DOTALL);

    private final Map<String, BackendProvider> builtIn;
    private final Supplier<List<BackendProvider>> search;
    private volatile @Nullable Map<String, BackendProvider> found;

    BackendRegistry(List<BackendProvider> builtIn, Supplier<List<BackendProvider>> search) {
        this.builtIn = bySchemes(builtIn);
        this.search = search;
    }

    /** The providers found by {@link ServiceLoader} with this class's loader. */
    public static BackendRegistry load() {
        return load(List.of());
    }

    /**
     * The providers found by {@link ServiceLoader} with this class's loader, searched for only when a location's
     * scheme is none of {@code builtIn}'s (which win over a provider found for the same scheme).
     */
    public static BackendRegistry load(List<BackendProvider> builtIn) {
        return new BackendRegistry(builtIn, BackendRegistry::serviceProviders);
    }

    /** A registry of exactly these providers. */
    public static BackendRegistry of(List<BackendProvider> list) {
        return new BackendRegistry(list, List::of);
    }

    private static List<BackendProvider> serviceProviders() {
        return ServiceLoader.load(BackendProvider.class, BackendRegistry.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .toList();
    }

    private static Map<String, BackendProvider> bySchemes(List<BackendProvider> list) {
        Map<String, BackendProvider> map = new TreeMap<>();
        for (BackendProvider p : list) {
            BackendProvider old = map.put(p.scheme(), p);
            if (old != null) {
                throw new IllegalStateException("two backends for scheme " + p.scheme() + ": "
                        + old.getClass().getName() + " and " + p.getClass().getName());
            }
        }
        return map;
    }

    /** Every provider: the built-in ones and those the search finds, searched for on the first call. */
    private Map<String, BackendProvider> providers() {
        Map<String, BackendProvider> all = found;
        if (all == null) {
            synchronized (this) {
                all = found;
                if (all == null) {
                    all = new TreeMap<>(bySchemes(search.get()));
                    all.putAll(builtIn);
                    found = all;
                }
            }
        }
        return all;
    }

    /** The schemes this registry opens. */
    public List<String> schemes() {
        return List.copyOf(providers().keySet());
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
        BackendProvider p = builtIn.get(scheme);
        if (p == null) {
            p = providers().get(scheme);
        }
        if (p == null) {
            StringBuilder known = new StringBuilder();
            for (BackendProvider each : providers().values()) {
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

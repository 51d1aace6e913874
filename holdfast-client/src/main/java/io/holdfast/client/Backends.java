package io.holdfast.client;

import io.holdfast.storage.Backend;
import io.holdfast.storage.RetryingBackend;
import io.holdfast.storage.local.LocalBackend;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.UnaryOperator;

/** Turns a repository location string into a backend: {@code /path}, {@code local:/path}. */
public final class Backends {
    private static volatile UnaryOperator<Backend> testDecorator = UnaryOperator.identity();

    private Backends() {}

    /** Opens the backend for {@code location}, wrapped in retries. */
    public static Backend open(String location) throws IOException {
        if (location.isBlank()) {
            throw new IllegalArgumentException("no repository given: use -r/--repo or set HOLDFAST_REPOSITORY");
        }
        String loc = location;
        if (loc.startsWith("local:")) {
            loc = loc.substring("local:".length());
        } else if (loc.matches("^[a-z0-9]+:.*") && !loc.matches("^[A-Za-z]:\\\\.*")) {
            String scheme = loc.substring(0, loc.indexOf(':'));
            throw new IllegalArgumentException(
                    "repository type '" + scheme + "' is not supported yet; use a local path");
        }
        Path p = Path.of(loc).toAbsolutePath().normalize();
        return RetryingBackend.wrap(testDecorator.apply(LocalBackend.open(p)));
    }

    /**
     * Test hook: from now on, every backend {@link #open} creates is passed through {@code decorator} below the
     * retrying layer, so that in-process tests of the command line can inject faults ({@code
     * FaultInjectingBackend}) into the storage the commands use. Returns the previous decorator, to be restored
     * with this method when the test is done. Affects the whole JVM; production code never calls it.
     */
    public static UnaryOperator<Backend> decorateForTesting(UnaryOperator<Backend> decorator) {
        UnaryOperator<Backend> previous = testDecorator;
        testDecorator = Objects.requireNonNull(decorator, "decorator");
        return previous;
    }
}

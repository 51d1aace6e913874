package io.holdfast.client;

import io.holdfast.storage.Backend;
import io.holdfast.storage.BackendRegistry;
import io.holdfast.storage.RetryingBackend;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Turns a repository location string into a backend through the registry of schemes ({@link BackendRegistry}:
 * {@code /path} and {@code local:/path}, {@code s3:...}, and whatever else is on the class path).
 */
public final class Backends {
    private static volatile UnaryOperator<Backend> testDecorator = UnaryOperator.identity();
    private static final BackendRegistry REGISTRY = BackendRegistry.load();

    private Backends() {}

    /** Opens the backend for {@code location}, wrapped in retries, with this process's environment. */
    public static Backend open(String location) throws IOException {
        return open(location, System.getenv());
    }

    /** Opens the backend for {@code location}, wrapped in retries; credentials and options from {@code env}. */
    public static Backend open(String location, Map<String, String> env) throws IOException {
        return RetryingBackend.wrap(testDecorator.apply(REGISTRY.open(location, env)));
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

package io.holdfast.storage;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A decorator that injects faults into the calls of another backend, for testing the layers above: failures on the
 * n-th call or at random (from a seeded generator), transient and permanent errors, a full disk, interrupted saves,
 * latency spikes and bit flips in loaded data. With no rules it passes every call through unchanged.
 *
 * <pre>{@code
 * Backend flaky = FaultInjectingBackend.builder(backend)
 *         .seed(42)
 *         .inject(Operation.SAVE, FileType.PACK, FaultTrigger.onCalls(3), Fault.shortWrite())
 *         .inject(Operation.LOAD, FaultTrigger.withProbability(0.01), Fault.bitFlip())
 *         .build();
 * }</pre>
 *
 * <p>Every rule matching a call counts it, and each whose trigger fires applies its fault: latencies first, then the
 * first error among them (the operation is then not passed on), else the operation, then a bit flip or a failure after
 * success. {@link #exists} counts as a {@link Operation#STAT} of the config. The configuration is immutable;
 * instances are thread-safe.
 */
public final class FaultInjectingBackend implements Backend {

    /** The operations rules apply to. */
    public enum Operation {
        SAVE,
        LOAD,
        STAT,
        LIST,
        REMOVE,
        CREATE
    }

    private record Rule(Operation operation, @Nullable FileType type, FaultTrigger trigger, Fault fault) {}

    /** The effects on the rest of a call, once errors thrown up front are past. */
    private record Effects(boolean bitFlip, boolean failAfterSuccess) {}

    private final Backend delegate;
    private final List<Rule> rules;
    private final Sleeper sleeper;
    private final Random random;
    private final AtomicLongArray ruleCalls;
    private final Map<Operation, AtomicLong> operationCalls = new EnumMap<>(Operation.class);
    private final AtomicLong injected = new AtomicLong();

    private FaultInjectingBackend(Builder builder) {
        this.delegate = builder.delegate;
        this.rules = List.copyOf(builder.rules);
        this.sleeper = builder.sleeper;
        this.random = new Random(builder.seed);
        this.ruleCalls = new AtomicLongArray(rules.size());
        for (Operation operation : Operation.values()) {
            operationCalls.put(operation, new AtomicLong());
        }
    }

    /** Starts configuring faults for {@code delegate}. */
    public static Builder builder(Backend delegate) {
        return new Builder(delegate);
    }

    /** How many times {@code operation} has been called on this backend, faulty or not. */
    public long calls(Operation operation) {
        return counter(operation).get();
    }

    /** How many faults have struck so far, of all kinds. */
    public long injectedFaults() {
        return injected.get();
    }

    @Override
    public String location() {
        return delegate.location();
    }

    @Override
    public <T> java.util.Optional<T> feature(Class<T> type) {
        return type.isInstance(this) ? java.util.Optional.of(type.cast(this)) : delegate.feature(type);
    }

    @Override
    public BackendProperties properties() {
        return delegate.properties();
    }

    @Override
    public void save(Handle handle, ByteBuffer data) throws IOException {
        Effects effects = strike(Operation.SAVE, handle.type(), "save " + handle, handle.path());
        delegate.save(handle, data);
        after(effects, "save " + handle);
    }

    @Override
    public void saveData(Handle handle, ByteBuffer data) throws IOException {
        Effects effects = strike(Operation.SAVE, handle.type(), "save " + handle, handle.path());
        delegate.saveData(handle, data);
        after(effects, "save " + handle);
    }

    @Override
    public byte[] load(Handle handle, long offset, int length) throws IOException {
        Effects effects = strike(Operation.LOAD, handle.type(), "load " + handle, handle.path());
        byte[] bytes = delegate.load(handle, offset, length);
        if (effects.bitFlip() && bytes.length > 0) {
            int index = random.nextInt(bytes.length);
            bytes[index] = (byte) (bytes[index] ^ (1 << random.nextInt(8)));
        }
        after(effects, "load " + handle);
        return bytes;
    }

    @Override
    public void loadInto(Handle handle, long offset, int length, byte[] dst) throws IOException {
        Effects effects = strike(Operation.LOAD, handle.type(), "load " + handle, handle.path());
        delegate.loadInto(handle, offset, length, dst);
        if (effects.bitFlip() && length > 0) {
            int index = random.nextInt(length);
            dst[index] = (byte) (dst[index] ^ (1 << random.nextInt(8)));
        }
        after(effects, "load " + handle);
    }

    @Override
    public FileInfo stat(Handle handle) throws IOException {
        Effects effects = strike(Operation.STAT, handle.type(), "stat " + handle, handle.path());
        FileInfo info = delegate.stat(handle);
        after(effects, "stat " + handle);
        return info;
    }

    @Override
    public void list(FileType type, Consumer<FileInfo> consumer) throws IOException {
        Effects effects = strike(Operation.LIST, type, "list " + type.directory(), type.directory());
        delegate.list(type, consumer);
        after(effects, "list " + type.directory());
    }

    @Override
    public void remove(Handle handle) throws IOException {
        Effects effects = strike(Operation.REMOVE, handle.type(), "remove " + handle, handle.path());
        delegate.remove(handle);
        after(effects, "remove " + handle);
    }

    @Override
    public void create() throws IOException {
        Effects effects = strike(Operation.CREATE, null, "create " + location(), location());
        delegate.create();
        after(effects, "create " + location());
    }

    /** Closes the delegate; faults are not injected into closing. */
    @Override
    public void close() throws IOException {
        delegate.close();
    }

    @Override
    public String toString() {
        return "FaultInjectingBackend[" + delegate + ", " + rules.size() + " rules]";
    }

    private AtomicLong counter(Operation operation) {
        return Objects.requireNonNull(operationCalls.get(operation));
    }

    private Effects strike(Operation operation, @Nullable FileType type, String what, String path) throws IOException {
        counter(operation).incrementAndGet();
        Fault error = null;
        boolean bitFlip = false;
        boolean failAfterSuccess = false;
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            if (rule.operation() != operation || (rule.type() != null && rule.type() != type)) {
                continue;
            }
            if (!rule.trigger().fires(ruleCalls.incrementAndGet(i), random)) {
                continue;
            }
            injected.incrementAndGet();
            switch (rule.fault().kind()) {
                case LATENCY -> sleep(rule.fault(), what);
                case BIT_FLIP -> bitFlip = true;
                case FAIL_AFTER_SUCCESS -> failAfterSuccess = true;
                default -> {
                    if (error == null) {
                        error = rule.fault();
                    }
                }
            }
        }
        if (error != null) {
            throw error.exception(what, path);
        }
        return new Effects(bitFlip, failAfterSuccess);
    }

    private void sleep(Fault latency, String what) throws InterruptedIOException {
        try {
            sleeper.sleep(latency.delay());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during injected latency of " + what);
        }
    }

    private static void after(Effects effects, String what) throws IOException {
        if (effects.failAfterSuccess()) {
            throw new IOException(what + ": injected fault after the operation succeeded");
        }
    }

    /** Collects rules; {@link #build} takes a snapshot, so a builder may go on to configure another backend. */
    public static final class Builder {
        private final Backend delegate;
        private final List<Rule> rules = new ArrayList<>();
        private Sleeper sleeper = Sleeper.SYSTEM;
        private long seed;

        private Builder(Backend delegate) {
            this.delegate = Objects.requireNonNull(delegate, "delegate");
        }

        /** Seeds the generator behind probabilistic triggers and bit flips; 0 unless set. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** How latency faults wait; {@link Sleeper#SYSTEM} unless set. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** Adds a rule: when {@code trigger} fires for a call of {@code operation}, {@code fault} strikes. */
        public Builder inject(Operation operation, FaultTrigger trigger, Fault fault) {
            return add(operation, null, trigger, fault);
        }

        /** Adds a rule for calls of {@code operation} on files of {@code type} only; it counts only those calls. */
        public Builder inject(Operation operation, FileType type, FaultTrigger trigger, Fault fault) {
            return add(operation, Objects.requireNonNull(type, "type"), trigger, fault);
        }

        private Builder add(Operation operation, @Nullable FileType type, FaultTrigger trigger, Fault fault) {
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(trigger, "trigger");
            Objects.requireNonNull(fault, "fault");
            if (fault.kind() == Fault.Kind.SHORT_WRITE && operation != Operation.SAVE) {
                throw new IllegalArgumentException("short writes happen to saves, not to " + operation);
            }
            if (fault.kind() == Fault.Kind.BIT_FLIP && operation != Operation.LOAD) {
                throw new IllegalArgumentException("bit flips happen to loads, not to " + operation);
            }
            rules.add(new Rule(operation, type, trigger, fault));
            return this;
        }

        /** A backend with the rules added so far. */
        public FaultInjectingBackend build() {
            return new FaultInjectingBackend(this);
        }
    }
}

package io.holdfast.storage;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Decides whether a fault of a {@link FaultInjectingBackend} rule strikes a call. Each rule counts the calls it
 * matches, from 1; probabilistic triggers draw from the backend's seeded random generator, so a plan replays the same
 * faults for the same sequence of calls.
 */
@FunctionalInterface
public interface FaultTrigger {

    /**
     * Whether the fault strikes.
     *
     * @param call the number of this call among the calls the rule matches, counting from 1
     * @param random the backend's seeded generator
     */
    boolean fires(long call, RandomGenerator random);

    /** Strikes every call. */
    static FaultTrigger always() {
        return (call, random) -> true;
    }

    /** Strikes the calls with these numbers (counting from 1), such as {@code onCalls(2)} for the second call only. */
    static FaultTrigger onCalls(long... calls) {
        long[] sorted = calls.clone();
        Arrays.sort(sorted);
        for (long call : sorted) {
            if (call < 1) {
                throw new IllegalArgumentException("calls count from 1: " + call);
            }
        }
        return (call, random) -> Arrays.binarySearch(sorted, call) >= 0;
    }

    /** Strikes the first {@code count} calls and then no more, such as a brief outage. */
    static FaultTrigger firstCalls(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("negative count " + count);
        }
        return (call, random) -> call <= count;
    }

    /** Strikes each call independently with probability {@code p}. */
    static FaultTrigger withProbability(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("not a probability: " + p);
        }
        return (call, random) -> random.nextDouble() < p;
    }
}

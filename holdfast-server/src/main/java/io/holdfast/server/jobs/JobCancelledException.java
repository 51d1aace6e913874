package io.holdfast.server.jobs;

/** Thrown inside a job when cancellation was asked for. */
public final class JobCancelledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JobCancelledException() {
        super("cancelled");
    }
}

package io.holdfast.server.jobs;

/** A failure that a retry cannot mend (a deleted asset, a wrong password): the job fails without retries. */
public final class PermanentJobException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PermanentJobException(String message) {
        super(message);
    }
}

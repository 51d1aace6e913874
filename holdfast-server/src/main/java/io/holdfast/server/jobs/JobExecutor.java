package io.holdfast.server.jobs;

/** One kind of job: backup, restore, sync, prune, verify, drill, replicate. */
public interface JobExecutor {
    /** Exclusive jobs (prune) run alone on their target; others run beside each other. */
    default boolean exclusive() {
        return false;
    }

    Outcome run(JobContext ctx) throws Exception;
}

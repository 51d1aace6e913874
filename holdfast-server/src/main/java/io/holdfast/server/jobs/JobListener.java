package io.holdfast.server.jobs;

import io.holdfast.server.catalog.JobState;
import io.holdfast.server.catalog.Jobs;

/** Hears each job's end: the scheduler (follow-up stages) and alerting. */
@FunctionalInterface
public interface JobListener {
    /** {@code job} ended in {@code state}; {@code retrying} if a retry was queued. */
    void finished(Jobs.Job job, JobState state, boolean retrying);
}

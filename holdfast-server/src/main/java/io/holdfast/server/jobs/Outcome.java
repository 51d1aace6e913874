package io.holdfast.server.jobs;

import io.holdfast.server.catalog.JobState;
import java.util.Map;

/** How a job ended: its state ({@link JobState#SUCCEEDED} or {@link JobState#PARTIAL}) and a result for the API. */
public record Outcome(JobState state, Map<String, Object> result) {
    public static Outcome succeeded(Map<String, Object> result) {
        return new Outcome(JobState.SUCCEEDED, result);
    }
}

package io.holdfast.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.holdfast.server.catalog.Jobs;
import io.holdfast.server.jobs.Sleeper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Paging the jobs list by (time, id) loses no job created in the same millisecond as the last one on a page. */
class PagingTest {
    @TempDir
    Path dir;

    @Test
    void jobsCreatedInOneMillisecondAreAllListedAcrossPages() throws Exception {
        SchedulerTest.MovableClock clock = new SchedulerTest.MovableClock();
        clock.now = Instant.parse("2026-12-01T00:00:00Z");
        try (TestServer s = new TestServer(ServerOptions.defaults(dir.resolve("data")), clock, Sleeper.REAL)) {
            Jobs jobs = s.server.context().jobs;
            List<String> made = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                // never due: the runner leaves them queued
                made.add(jobs.queue(new Jobs.NewJob(
                                "verify", null, null, null, null, Map.of(), Long.MAX_VALUE / 2, "test", 1, null))
                        .id());
            }
            List<String> listed = new ArrayList<>();
            String query = "/api/v1/jobs?kind=verify&limit=3";
            while (true) {
                JsonNode page = s.admin("GET", query, null).json();
                if (page.isEmpty()) {
                    break;
                }
                page.forEach(j -> listed.add(j.get("id").asText()));
                JsonNode last = page.get(page.size() - 1);
                query = "/api/v1/jobs?kind=verify&limit=3&before="
                        + last.get("createdAt").asLong() + "&beforeId="
                        + last.get("id").asText();
            }
            assertThat(listed).containsExactlyInAnyOrderElementsOf(made).doesNotHaveDuplicates();
        }
    }
}

package io.holdfast.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.server.audit.AuditLog;
import io.holdfast.server.catalog.Catalog;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit chain names the first row that was edited, removed or reordered in the database. */
class AuditTrailTest {
    @TempDir
    Path dir;

    private AuditLog filled(Catalog c) {
        AuditLog log = new AuditLog(c, Clock.systemUTC());
        for (int i = 1; i <= 20; i++) {
            log.append("alice", "policy.update", "policy/p" + i, Map.of("n", i));
        }
        return log;
    }

    private void sql(Catalog c, String sql) {
        c.jdbi().useHandle(h -> h.execute(sql));
    }

    @Test
    void anIntactTrailVerifies() {
        try (Catalog c = Catalog.open(Catalog.sqliteUrl(dir), "", "")) {
            AuditLog.Verification v = filled(c).verify();
            assertThat(v.ok()).isTrue();
            assertThat(v.rows()).isEqualTo(20);
        }
    }

    @Test
    void anEditedRowIsNamed() {
        try (Catalog c = Catalog.open(Catalog.sqliteUrl(dir), "", "")) {
            AuditLog log = filled(c);
            sql(c, "UPDATE audit SET actor = 'mallory' WHERE seq = 7");
            AuditLog.Verification v = log.verify();
            assertThat(v.ok()).isFalse();
            assertThat(v.firstBadSeq()).isEqualTo(7);
            assertThat(v.problem()).contains("row 7 was edited");
        }
    }

    @Test
    void anEditedRowWithARecomputedHashBreaksTheNextLink() {
        try (Catalog c = Catalog.open(Catalog.sqliteUrl(dir), "", "")) {
            AuditLog log = filled(c);
            sql(c, "UPDATE audit SET detail = '{\"n\":99}', hash = '" + "ab".repeat(32) + "' WHERE seq = 12");
            AuditLog.Verification v = log.verify();
            assertThat(v.firstBadSeq()).isEqualTo(12);
        }
    }

    @Test
    void aRemovedRowIsNamed() {
        try (Catalog c = Catalog.open(Catalog.sqliteUrl(dir), "", "")) {
            AuditLog log = filled(c);
            sql(c, "DELETE FROM audit WHERE seq = 5");
            AuditLog.Verification v = log.verify();
            assertThat(v.ok()).isFalse();
            assertThat(v.problem()).contains("row 5 is missing");
        }
    }

    @Test
    void reorderedRowsAreNamed() {
        try (Catalog c = Catalog.open(Catalog.sqliteUrl(dir), "", "")) {
            AuditLog log = filled(c);
            // swap the contents of rows 3 and 4 (reorder) keeping the numbers
            sql(c, "UPDATE audit SET seq = -3 WHERE seq = 3");
            sql(c, "UPDATE audit SET seq = 3 WHERE seq = 4");
            sql(c, "UPDATE audit SET seq = 4 WHERE seq = -3");
            AuditLog.Verification v = log.verify();
            assertThat(v.ok()).isFalse();
            assertThat(v.firstBadSeq()).isEqualTo(3);
        }
    }

    @Test
    void appendingAfterVerificationContinuesTheChain() {
        try (Catalog c = Catalog.open(Catalog.sqliteUrl(dir), "", "")) {
            AuditLog log = filled(c);
            AuditLog.Entry e = log.append("bob", "job.start", "job/x", Map.of());
            assertThat(e.seq()).isEqualTo(21);
            assertThat(e.prevHash())
                    .isEqualTo(log.list(20L + 1, null, null, 1).getFirst().hash());
            assertThat(log.verify().ok()).isTrue();
        }
    }
}

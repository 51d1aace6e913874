package io.holdfast.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableTest {
    @Test
    void alignsColumnsLikeResticSnapshots() {
        Table table = new Table("ID", "Time", "Host", "Size")
                .alignRight(3)
                .row("4cd5c5b3", "2026-11-22 10:00:00", "gpu-01", "1.500 GiB")
                .row("a1", "2026-11-22 11:30:00", "laptop", "12 B")
                .footer("2 snapshots");

        assertThat(table.toString()).isEqualTo("""
                        ID        Time                 Host         Size
                        ------------------------------------------------
                        4cd5c5b3  2026-11-22 10:00:00  gpu-01  1.500 GiB
                        a1        2026-11-22 11:30:00  laptop       12 B
                        ------------------------------------------------
                        2 snapshots
                        """);
    }

    @Test
    void multiLineCellsSpanRows() {
        Table table = new Table("ID", "Paths").row("abc", "/data\n/models").row("d", "/x");

        assertThat(table.render())
                .containsExactly("ID   Paths", "------------", "abc  /data", "     /models", "d    /x", "------------");
        assertThat(table.size()).isEqualTo(2);
    }

    @Test
    void rowsMustMatchTheColumns() {
        assertThatThrownBy(() -> new Table("a", "b").row("only one")).isInstanceOf(IllegalArgumentException.class);
    }
}

package org.songprint.account.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsChartTest {

    @Test
    void barsAreStackedAndScaledToARoundMaximum() {
        Instant start = Instant.parse("2026-11-25T10:00:00Z");
        StatsChart chart = StatsChart.draw("c", "Lookups <per hour>", List.of(
                new LookupCounts(start, 30, 10),
                new LookupCounts(start.plus(1, ChronoUnit.HOURS), 0, 0),
                new LookupCounts(start.plus(2, ChronoUnit.HOURS), 70, 5)), DateTimeFormatter.ofPattern("HH:00"), 1);
        assertThat(chart.hits()).isEqualTo(100);
        assertThat(chart.misses()).isEqualTo(15);
        // the tallest bar (75) on an axis of 100, gridlines at 25, 50, 75, 100
        assertThat(chart.svg()).contains(">100</text>").contains(">75</text>").doesNotContain(">80</text>");
        assertThat(chart.svg()).contains("<title>10:00: 30 hits</title>").contains("<title>12:00: 5 misses</title>")
                .doesNotContain("11:00: 0");
        assertThat(chart.svg()).contains("Lookups &lt;per hour&gt;").contains("100 hits and 15 misses in 3 periods");
        // hits of 70 on 100 over a 184 px plot: 128.8 px tall
        assertThat(chart.svg()).contains("height=\"128.8\"");
    }

    @Test
    void roundMaximaAreReadable() {
        assertThat(StatsChart.niceMaximum(0)).isEqualTo(4);
        assertThat(StatsChart.niceMaximum(7)).isEqualTo(8);
        assertThat(StatsChart.niceMaximum(75)).isEqualTo(100);
        assertThat(StatsChart.niceMaximum(101)).isEqualTo(200);
        assertThat(StatsChart.niceMaximum(2100)).isEqualTo(2500);
        assertThat(StatsChart.niceMaximum(1_000_000)).isEqualTo(1_000_000);
    }

    @Test
    void largeAxisValuesFitLeftOfThePlot() {
        assertThat(StatsChart.axisLabel(7_500)).isEqualTo("7500");
        assertThat(StatsChart.axisLabel(250_000)).isEqualTo("250k");
        assertThat(StatsChart.axisLabel(12_500)).isEqualTo("12.5k");
        assertThat(StatsChart.axisLabel(1_000_000)).isEqualTo("1M");
        assertThat(StatsChart.axisLabel(2_500_000)).isEqualTo("2.5M");
    }
}

package org.songprint.account.stats;

import io.quarkus.qute.TemplateData;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * A lookup history drawn as an SVG bar chart: one stacked bar per period, hits below misses, a
 * y axis rounded to a readable maximum, and a title and description for screen readers. Drawn on
 * the server, so the page needs no script and no third-party chart library.
 */
@TemplateData
public record StatsChart(String id, String title, String svg, long hits, long misses) {

    private static final int WIDTH = 720;
    private static final int HEIGHT = 240;
    private static final int LEFT = 48;
    private static final int RIGHT = 12;
    private static final int TOP = 16;
    private static final int BOTTOM = 40;

    /** Draws the periods (oldest first); {@code labels} formats a period's start under every n-th bar. */
    public static StatsChart draw(String id, String title, List<LookupCounts> periods, DateTimeFormatter labels,
            int labelEvery) {
        return draw(id, title, periods, labels, labelEvery, "hits", "misses");
    }

    /**
     * As {@link #draw(String, String, List, DateTimeFormatter, int)}, the two stacked series named
     * {@code lower} and {@code upper} (null: a chart of the lower series alone, e.g. submissions).
     */
    public static StatsChart draw(String id, String title, List<LookupCounts> periods, DateTimeFormatter labels,
            int labelEvery, String lower, String upper) {
        long hits = periods.stream().mapToLong(LookupCounts::hits).sum();
        long misses = periods.stream().mapToLong(LookupCounts::misses).sum();
        long max = niceMaximum(periods.stream().mapToLong(LookupCounts::total).max().orElse(0));
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double slot = plotWidth / Math.max(1, periods.size());
        double barWidth = Math.max(1, slot * 0.75);
        StringBuilder svg = new StringBuilder(8192);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"").append(id)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-labelledby=\"").append(id).append("-title ").append(id).append("-desc\">");
        svg.append("<title id=\"").append(id).append("-title\">").append(escape(title)).append("</title>");
        svg.append("<desc id=\"").append(id).append("-desc\">").append(hits).append(' ').append(lower)
                .append(upper == null ? "" : " and " + misses + " " + upper).append(" in ").append(periods.size())
                .append(" periods</desc>");
        for (int i = 0; i <= 4; i++) {
            double y = TOP + plotHeight - plotHeight * i / 4;
            svg.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>",
                    LEFT, WIDTH - RIGHT, y, y));
            svg.append(String.format(Locale.ROOT, "<text class=\"axis\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                    LEFT - 6, y + 4, axisLabel(max * i / 4)));
        }
        for (int i = 0; i < periods.size(); i++) {
            LookupCounts period = periods.get(i);
            double x = LEFT + i * slot + (slot - barWidth) / 2;
            double hitHeight = max == 0 ? 0 : plotHeight * period.hits() / max;
            double missHeight = max == 0 ? 0 : plotHeight * period.misses() / max;
            double base = TOP + plotHeight;
            String when = labels.format(period.start().atOffset(ZoneOffset.UTC));
            if (period.hits() > 0) {
                svg.append(bar("hits", x, base - hitHeight, barWidth, hitHeight, when + ": " + period.hits() + " " + lower));
            }
            if (period.misses() > 0) {
                svg.append(bar("misses", x, base - hitHeight - missHeight, barWidth, missHeight,
                        when + ": " + period.misses() + " " + upper));
            }
            if (i % labelEvery == 0) {
                svg.append(String.format(Locale.ROOT,
                        "<text class=\"axis\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                        x + barWidth / 2, HEIGHT - BOTTOM + 16, escape(when)));
            }
        }
        svg.append(String.format(Locale.ROOT,
                "<rect class=\"hits\" x=\"%d\" y=\"%d\" width=\"10\" height=\"10\"/><text class=\"axis\" x=\"%d\" y=\"%d\">%s</text>",
                LEFT, HEIGHT - 14, LEFT + 14, HEIGHT - 5, escape(lower)));
        if (upper != null) {
            svg.append(String.format(Locale.ROOT,
                    "<rect class=\"misses\" x=\"%d\" y=\"%d\" width=\"10\" height=\"10\"/><text class=\"axis\" x=\"%d\" y=\"%d\">%s</text>",
                    LEFT + 8 * lower.length() + 30, HEIGHT - 14, LEFT + 8 * lower.length() + 44, HEIGHT - 5, escape(upper)));
        }
        svg.append("</svg>");
        return new StatsChart(id, title, svg.toString(), hits, misses);
    }

    private static String bar(String kind, double x, double y, double width, double height, String tooltip) {
        return String.format(Locale.ROOT,
                "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>%s</title></rect>",
                kind, x, y, width, height, escape(tooltip));
    }

    /** An axis value in the room left of the plot: 7,500 as is, 250,000 as 250k, 1,500,000 as 1.5M. */
    static String axisLabel(long value) {
        if (value < 10_000) {
            return Long.toString(value);
        }
        if (value < 1_000_000) {
            return trim(value / 1_000.0) + "k";
        }
        return trim(value / 1_000_000.0) + "M";
    }

    private static String trim(double value) {
        String text = String.format(Locale.ROOT, "%.1f", value);
        return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
    }

    /** The smallest of 1, 2, 2.5, 5 × 10^n (at least 4) not below the value, so the grid lines read well. */
    static long niceMaximum(long value) {
        if (value <= 4) {
            return 4;
        }
        long magnitude = 1;
        while (magnitude * 10 <= value) {
            magnitude *= 10;
        }
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            long candidate = (long) Math.ceil(step * magnitude);
            if (candidate >= value && candidate % 4 == 0) {
                return candidate;
            }
        }
        return (value + 3) / 4 * 4;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

package io.hubscore.daemon.report;

import java.util.List;
import java.util.Locale;

/**
 * Small SVG charts drawn as text, so the HTML report is one file that needs nothing fetched: axes with a few ticks,
 * bars, whiskers and lines on a fixed canvas that scales with the page. Not thread-safe: one per chart.
 */
final class Svg {

    static final int WIDTH = 760;
    static final int HEIGHT = 280;
    static final int LEFT = 56;
    static final int RIGHT = 16;
    static final int TOP = 16;
    static final int BOTTOM = 48;
    static final List<String> PALETTE = List.of("#c0392b", "#e67e22", "#2e86c1", "#16a085", "#8e44ad", "#7f8c8d");

    private final StringBuilder svg = new StringBuilder();
    private final double yMax;
    private final double yMin;

    /** A chart whose y axis runs from {@code yMin} to {@code yMax}. */
    Svg(String id, String label, double yMin, double yMax) {
        this.yMin = yMin;
        this.yMax = yMax <= yMin ? yMin + 1 : yMax;
        svg.append("<svg id=\"").append(id).append("\" class=\"chart\" role=\"img\" aria-label=\"")
                .append(HtmlReport.escape(label)).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\" xmlns=\"http://www.w3.org/2000/svg\">");
    }

    double plotWidth() {
        return WIDTH - LEFT - RIGHT;
    }

    double x(double fraction) {
        return LEFT + fraction * plotWidth();
    }

    double y(double value) {
        double clamped = Math.max(yMin, Math.min(yMax, value));
        return TOP + (1 - (clamped - yMin) / (yMax - yMin)) * (HEIGHT - TOP - BOTTOM);
    }

    /** The y axis with five ticks, labelled by {@code format}, and the x axis line. */
    Svg axes(java.util.function.DoubleFunction<String> format) {
        for (int i = 0; i <= 4; i++) {
            double value = yMin + (yMax - yMin) * i / 4;
            double at = y(value);
            svg.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>",
                    LEFT, at, WIDTH - RIGHT, at));
            text(LEFT - 6, at + 4, "end", format.apply(value));
        }
        svg.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>",
                LEFT, y(yMin), WIDTH - RIGHT, y(yMin)));
        return this;
    }

    Svg rect(double x, double y, double width, double height, String fill, String title) {
        svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">",
                x, y, Math.max(0.5, width), Math.max(0, height), fill));
        svg.append("<title>").append(HtmlReport.escape(title)).append("</title></rect>");
        return this;
    }

    /** A bar from the axis to {@code value}. */
    Svg bar(double x, double width, double value, String fill, String title) {
        double top = y(value);
        return rect(x, top, width, y(yMin) - top, fill, title);
    }

    /** A vertical whisker from {@code low} to {@code high} at {@code x}. */
    Svg whisker(double x, double low, double high) {
        svg.append(String.format(Locale.ROOT, "<path class=\"whisker\" d=\"M%.1f %.1fV%.1fM%.1f %.1fH%.1fM%.1f %.1fH%.1f\"/>",
                x, y(low), y(high), x - 6, y(low), x + 6, x - 6, y(high), x + 6));
        return this;
    }

    /** A horizontal line across the plot at {@code value}, dashed, with a label at its right end. */
    Svg level(double value, String stroke, String label) {
        double at = y(value);
        svg.append(String.format(Locale.ROOT, "<line class=\"level\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" "
                + "stroke=\"%s\"/>", LEFT, at, WIDTH - RIGHT, at, stroke));
        text(WIDTH - RIGHT - 4, at - 4, "end", label);
        return this;
    }

    /** A polyline through {@code values} at evenly spaced x positions; null values break nothing (skipped). */
    Svg line(List<? extends Number> values, String stroke, String title) {
        StringBuilder points = new StringBuilder();
        int n = values.size();
        for (int i = 0; i < n; i++) {
            Number v = values.get(i);
            if (v == null) {
                continue;
            }
            double px = x(n == 1 ? 0.5 : (double) i / (n - 1));
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, y(v.doubleValue())));
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>", px,
                    y(v.doubleValue()), stroke));
        }
        svg.append("<polyline class=\"series\" fill=\"none\" stroke=\"").append(stroke).append("\" points=\"")
                .append(points.toString().strip()).append("\"><title>").append(HtmlReport.escape(title))
                .append("</title></polyline>");
        return this;
    }

    Svg text(double x, double y, String anchor, String text) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">", x, y, anchor))
                .append(HtmlReport.escape(text)).append("</text>");
        return this;
    }

    /** A legend of coloured squares along the bottom edge. */
    Svg legend(List<String> names, List<String> colours) {
        double at = LEFT;
        for (int i = 0; i < names.size(); i++) {
            rect(at, HEIGHT - 14, 10, 10, colours.get(i), names.get(i));
            text(at + 14, HEIGHT - 5, "start", names.get(i));
            at += 24 + names.get(i).length() * 7;
        }
        return this;
    }

    String end() {
        return svg.append("</svg>").toString();
    }
}

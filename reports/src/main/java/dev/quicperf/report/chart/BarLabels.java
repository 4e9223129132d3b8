package dev.quicperf.report.chart;

import java.util.ArrayList;
import java.util.List;

/**
 * Places the labels under a row of bars. Short labels stand centred, longer ones wrap onto up to
 * three lines; if a label still does not fit its bar's width, all labels tilt (the same way, so the
 * row reads evenly) and the longest are shortened with an ellipsis, keeping the full text as tooltip.
 */
final class BarLabels {

    private static final double FONT = 12;
    private static final double LINE = FONT + 2;
    private static final int MAX_LINES = 3;

    final double height;
    private final List<String> full;
    private final List<List<String>> lines;
    private final double tilt;

    private BarLabels(double height, List<String> full, List<List<String>> lines, double tilt) {
        this.height = height;
        this.full = full;
        this.lines = lines;
        this.tilt = tilt;
    }

    /**
     * @param slot      horizontal room of one bar
     * @param plotLeft  x of the first slot's left edge, which bounds how far a tilted label may reach
     * @param maxHeight the most vertical room the labels may take
     */
    static BarLabels layout(List<String> labels, double slot, double plotLeft, double maxHeight) {
        double room = slot - 6;
        List<List<String>> wrapped = new ArrayList<>();
        boolean fits = true;
        int mostLines = 1;
        for (String label : labels) {
            List<String> ls = TextMetrics.wrap(label, room, FONT);
            for (String l : ls) {
                fits &= TextMetrics.width(l, FONT) <= room;
            }
            fits &= ls.size() <= MAX_LINES;
            mostLines = Math.max(mostLines, ls.size());
            wrapped.add(ls);
        }
        if (fits) {
            return new BarLabels(mostLines * LINE + 2, labels, wrapped, 0);
        }

        // Neighbouring tilted labels are slot·sin(angle) apart; steepen until a line's height fits.
        double angle = 35;
        while (angle < 90 && slot * Math.sin(Math.toRadians(angle)) < LINE) {
            angle = Math.min(90, angle + 15);
        }
        double sin = Math.sin(Math.toRadians(angle));
        double cos = Math.cos(Math.toRadians(angle));
        double longest = Math.max(FONT * 3, (maxHeight - FONT * cos) / sin);
        List<List<String>> shortened = new ArrayList<>();
        double needed = 0;
        for (int i = 0; i < labels.size(); i++) {
            double reach = cos < 1e-9 ? longest : (plotLeft + slot * (i + 0.5) - 2) / cos;
            String s = TextMetrics.ellipsize(labels.get(i), Math.min(longest, reach), FONT);
            shortened.add(List.of(s));
            needed = Math.max(needed, TextMetrics.width(s, FONT) * sin + FONT * cos);
        }
        return new BarLabels(needed + 8, labels, shortened, angle);
    }

    void draw(Svg svg, int index, double centre, double top) {
        List<String> ls = lines.get(index);
        svg.open("g", "class", "bar-label", "font-size", FONT, "fill", Axis.INK);
        if (!String.join(" ", ls).equals(full.get(index).trim().replaceAll("\\s+", " "))) {
            svg.tooltip(full.get(index));
        }
        if (tilt == 0) {
            for (int k = 0; k < ls.size(); k++) {
                svg.text(ls.get(k), "x", centre, "y", top + FONT + k * LINE, "text-anchor", "middle");
            }
        } else {
            // The text ends at the bar's centre and rises to the left; the nudge centres the glyphs on it.
            double x = centre + FONT * 0.35;
            double y = top + 2;
            svg.text(ls.get(0), "x", x, "y", y, "text-anchor", "end", "dy", "0.7em",
                    "transform", "rotate(" + Svg.num(-tilt) + " " + Svg.num(x) + " " + Svg.num(y) + ")");
        }
        svg.close("g");
    }
}

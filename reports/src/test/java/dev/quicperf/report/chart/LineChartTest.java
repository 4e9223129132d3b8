package dev.quicperf.report.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class LineChartTest {

    @Test
    void goodputChartHasOneLineMarkersAndErrorBarsPerSeries() {
        String svg = Examples.goodput().render();
        SvgDom dom = SvgDom.parse(svg);
        assertThat(dom.withClass("path", "series")).hasSize(3);
        assertThat(dom.withClass("path", "error-bars")).hasSize(3);
        assertThat(dom.withClass("g", "markers")).hasSize(3);
        assertThat(dom.withClass("g", "legend-entry")).hasSize(3);
        assertThat(dom.texts()).contains("netty-quic", "kwik", "tcp+tls (reference)",
                "goodput (Mbps)", "object size", "2KB", "20MB", "2GB", "0");
        assertThat(dom.badNumbersInAttributes()).isEmpty();
        for (Element markers : dom.withClass("g", "markers")) {
            assertThat(markers.getElementsByTagNameNS(SvgDom.NS, "circle").getLength()).isEqualTo(7);
        }
        // Three series, three distinct colours.
        assertThat(dom.withClass("path", "series").stream().map(e -> e.getAttribute("stroke")).distinct()).hasSize(3);
    }

    @Test
    void logXPositionsIncreaseWithXAndDecadesAreEvenlySpaced() {
        SvgDom dom = SvgDom.parse(Examples.goodput().render());
        Element first = dom.withClass("g", "markers").get(0);
        List<Double> cx = new ArrayList<>();
        var circles = first.getElementsByTagNameNS(SvgDom.NS, "circle");
        for (int i = 0; i < circles.getLength(); i++) {
            cx.add(Double.parseDouble(((Element) circles.item(i)).getAttribute("cx")));
        }
        assertThat(cx).isSorted().doesNotHaveDuplicates();
        // The sizes grow tenfold each step, so on a log axis they sit at equal distances.
        double gap = cx.get(1) - cx.get(0);
        for (int i = 2; i < cx.size(); i++) {
            assertThat(cx.get(i) - cx.get(i - 1)).isCloseTo(gap, within(0.05));
        }
    }

    @Test
    void pointsAreDrawnInOrderOfX() {
        String svg = new LineChart("t", "x", "y")
                .series("s", List.of(new LineChart.Point(3, 1), new LineChart.Point(1, 2), new LineChart.Point(2, 3)))
                .render();
        Element path = SvgDom.parse(svg).withClass("path", "series").get(0);
        String[] xs = path.getAttribute("d").replaceAll("[ML]", "").trim().split("\\s+");
        assertThat(Double.parseDouble(xs[0])).isLessThan(Double.parseDouble(xs[2]));
        assertThat(Double.parseDouble(xs[2])).isLessThan(Double.parseDouble(xs[4]));
    }

    @Test
    void cdfUsesStepLinesWithoutMarkersAndPercentTicks() {
        SvgDom dom = SvgDom.parse(Examples.latencyCdf().render());
        List<Element> lines = dom.withClass("path", "series");
        assertThat(lines).hasSize(2);
        for (Element line : lines) {
            assertThat(line.getAttribute("d")).startsWith("M").contains("H").contains("V").doesNotContain("L");
        }
        assertThat(dom.withClass("g", "markers")).isEmpty();
        assertThat(dom.withClass("path", "error-bars")).isEmpty();
        assertThat(dom.texts()).contains("0%", "100%", "1 ms", "connect", "request");
        assertThat(dom.badNumbersInAttributes()).isEmpty();
    }

    @Test
    void escapesNamesAndLabels() {
        String name = "a<b&\"c\"";
        String svg = new LineChart("t <1>", "x & y", "'y'")
                .series(name, List.of(new LineChart.Point(1, 1), new LineChart.Point(2, 2))).render();
        assertThat(svg).contains("a&lt;b&amp;&quot;c&quot;");
        SvgDom dom = SvgDom.parse(svg);
        assertThat(dom.texts()).contains(name, "t <1>", "x & y", "'y'");
        assertThat(dom.withClass("path", "series").get(0).getTextContent().trim()).isEqualTo(name);
    }

    @Test
    void emptyDataRendersAFrameWithNoDataNotice() {
        List<LineChart> charts = List.of(
                new LineChart("nothing", "x", "y"),
                new LineChart("empty", "x", "y").series("s", List.of()),
                new LineChart("all NaN", "x", "y").logX().logY()
                        .series("s", List.of(new LineChart.Point(Double.NaN, 1), new LineChart.Point(2, Double.NaN))));
        for (LineChart c : charts) {
            SvgDom dom = SvgDom.parse(c.render());
            assertThat(dom.withClass("text", "no-data")).singleElement()
                    .extracting(Element::getTextContent).isEqualTo("no data");
            assertThat(dom.withClass("rect", "plot")).hasSize(1);
            assertThat(dom.withClass("path", "series")).isEmpty();
        }
    }

    @Test
    void nonPositiveValueOnLogAxisNamesSeriesAndValue() {
        LineChart x = new LineChart("t", "x", "y").logX()
                .series("ok", List.of(new LineChart.Point(1, 1)))
                .series("kwik", List.of(new LineChart.Point(0, 5)));
        assertThatThrownBy(x::render).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kwik").hasMessageContaining("x = 0.0").hasMessageContaining("log x");
        LineChart y = new LineChart("t", "x", "y").logY()
                .series("netty-quic", List.of(new LineChart.Point(1, -2.5)));
        assertThatThrownBy(y::render).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("netty-quic").hasMessageContaining("-2.5").hasMessageContaining("log y");
    }

    @Test
    void singlePointAndEqualValuesGetASensibleRange() {
        for (LineChart c : List.of(
                new LineChart("one", "x", "y").series("s", List.of(new LineChart.Point(5, 5))),
                new LineChart("one log", "x", "y").logX().logY().series("s", List.of(new LineChart.Point(100, 100))),
                new LineChart("zeros", "x", "y").series("s", List.of(new LineChart.Point(0, 0), new LineChart.Point(0, 0))),
                new LineChart("flat", "x", "y").series("s", List.of(new LineChart.Point(1, 7), new LineChart.Point(2, 7))))) {
            SvgDom dom = SvgDom.parse(c.render());
            assertThat(dom.badNumbersInAttributes()).isEmpty();
            assertThat(dom.withClass("g", "markers")).hasSize(1);
            Element circle = (Element) dom.withClass("g", "markers").get(0).getElementsByTagNameNS(SvgDom.NS, "circle").item(0);
            assertThat(Double.parseDouble(circle.getAttribute("cx"))).isBetween(0.0, 720.0);
            assertThat(Double.parseDouble(circle.getAttribute("cy"))).isBetween(0.0, 400.0);
        }
    }

    @Test
    void unknownIntervalsGetNoErrorBar() {
        String svg = new LineChart("t", "x", "y")
                .series("s", List.of(new LineChart.Point(1, 1, Double.NEGATIVE_INFINITY, 2),
                        new LineChart.Point(2, 2, 1, Double.POSITIVE_INFINITY),
                        new LineChart.Point(3, 3, Double.NaN, Double.NaN)))
                .render();
        SvgDom dom = SvgDom.parse(svg);
        assertThat(dom.withClass("path", "error-bars")).isEmpty();
        assertThat(dom.withClass("path", "series")).hasSize(1);

        String one = new LineChart("t", "x", "y")
                .series("s", List.of(new LineChart.Point(1, 1, 0.5, 1.5), new LineChart.Point(2, 2, 1, Double.POSITIVE_INFINITY)))
                .render();
        String d = SvgDom.parse(one).withClass("path", "error-bars").get(0).getAttribute("d");
        assertThat(d.chars().filter(ch -> ch == 'M')).hasSize(3);
    }

    @Test
    void missingYLeavesAGap() {
        String svg = new LineChart("t", "x", "y")
                .series("s", List.of(new LineChart.Point(1, 1), new LineChart.Point(2, 2),
                        new LineChart.Point(3, Double.NaN), new LineChart.Point(4, 1), new LineChart.Point(5, 2)))
                .render();
        String d = SvgDom.parse(svg).withClass("path", "series").get(0).getAttribute("d");
        assertThat(d.chars().filter(ch -> ch == 'M')).hasSize(2);
        assertThat(d.chars().filter(ch -> ch == 'L')).hasSize(2);
    }

    @Test
    void intervalBelowZeroOnLogYIsDrawnDownToTheAxis() {
        String svg = new LineChart("t", "x", "y").logY()
                .series("s", List.of(new LineChart.Point(1, 10, -5, 20), new LineChart.Point(2, 20, 15, 25)))
                .render();
        SvgDom dom = SvgDom.parse(svg);
        assertThat(dom.withClass("path", "error-bars")).hasSize(1);
        assertThat(dom.badNumbersInAttributes()).isEmpty();
    }

    @Test
    void manySeriesStayDistinguishable() {
        LineChart c = new LineChart("t", "x", "y");
        for (int i = 0; i < 10; i++) {
            c.series("s" + i, List.of(new LineChart.Point(1, i), new LineChart.Point(2, i + 1)));
        }
        List<Element> lines = SvgDom.parse(c.render()).withClass("path", "series");
        assertThat(lines).hasSize(10);
        assertThat(lines.stream().map(e -> e.getAttribute("stroke") + "/" + e.getAttribute("stroke-dasharray")).distinct())
                .hasSize(10);
    }

    @Test
    void identicalInputGivesIdenticalOutputInAnyLocale() {
        String a = Examples.goodput().render();
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertThat(Examples.goodput().render()).isEqualTo(a);
            assertThat(Examples.latencyCdf().render()).isEqualTo(Examples.latencyCdf().render());
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void textStaysInsideTheImage() {
        for (String svg : List.of(Examples.goodput().render(), Examples.latencyCdf().render())) {
            for (Element t : SvgDom.parse(svg).all("text")) {
                if (t.hasAttribute("transform")) {
                    continue;
                }
                double x = Double.parseDouble(t.getAttribute("x"));
                double w = TextMetrics.width(t.getTextContent(), 12);
                double left = switch (t.getAttribute("text-anchor").isEmpty()
                        ? ((Element) t.getParentNode()).getAttribute("text-anchor") : t.getAttribute("text-anchor")) {
                    case "middle" -> x - w / 2;
                    case "end" -> x - w;
                    default -> x;
                };
                assertThat(left).as(t.getTextContent()).isGreaterThanOrEqualTo(0);
                assertThat(left + w).as(t.getTextContent()).isLessThanOrEqualTo(720);
                assertThat(Double.parseDouble(t.getAttribute("y"))).as(t.getTextContent()).isBetween(10.0, 400.0);
            }
        }
    }
}

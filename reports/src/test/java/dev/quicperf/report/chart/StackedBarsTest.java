package dev.quicperf.report.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class StackedBarsTest {

    @Test
    void oneRectPerPresentSegmentTotalsAboveAndALegendEntryPerCategory() {
        SvgDom dom = SvgDom.parse(Examples.serverCpu().render());
        // Three bars of seven segments; "vm" has no loopback delivery.
        assertThat(dom.withClass("rect", "segment")).hasSize(20);
        assertThat(dom.withClass("g", "bar")).hasSize(3);
        assertThat(dom.withClass("text", "total").stream().map(Element::getTextContent))
                .containsExactly("8.4", "9.8", "10.3");
        assertThat(dom.withClass("g", "legend-entry")).hasSize(7);
        assertThat(dom.texts()).contains("linux", "container", "vm", "TLS", "sendmsg()", "remaining", "µs per packet");
        assertThat(dom.badNumbersInAttributes()).isEmpty();
    }

    @Test
    void aCategoryKeepsItsColourInEveryBar() {
        SvgDom dom = SvgDom.parse(Examples.serverCpu().render());
        for (Element bar : dom.withClass("g", "bar")) {
            var rects = bar.getElementsByTagNameNS(SvgDom.NS, "rect");
            assertThat(((Element) rects.item(0)).getAttribute("fill")).isEqualTo(Palette.color(0));
            assertThat(((Element) rects.item(rects.getLength() - 1)).getAttribute("fill")).isEqualTo(Palette.color(6));
        }
    }

    @Test
    void segmentsStackWithoutGapsOrOverlap() {
        SvgDom dom = SvgDom.parse(Examples.serverCpu().render());
        var rects = dom.withClass("g", "bar").get(0).getElementsByTagNameNS(SvgDom.NS, "rect");
        for (int i = 1; i < rects.getLength(); i++) {
            Element below = (Element) rects.item(i - 1);
            Element above = (Element) rects.item(i);
            double aboveBottom = Double.parseDouble(above.getAttribute("y")) + Double.parseDouble(above.getAttribute("height"));
            assertThat(aboveBottom).isCloseTo(Double.parseDouble(below.getAttribute("y")),
                    org.assertj.core.data.Offset.offset(0.02));
        }
    }

    @Test
    void zeroAndNaNAreAbsentSegments() {
        String svg = new StackedBars("t", "v", List.of("a", "b", "c"))
                .bar("x", 0, Double.NaN, 2)
                .bar("nothing", Double.NaN, Double.NaN, Double.NaN)
                .render();
        SvgDom dom = SvgDom.parse(svg);
        assertThat(dom.withClass("rect", "segment")).hasSize(1);
        assertThat(dom.withClass("text", "total").stream().map(Element::getTextContent)).containsExactly("2", "n/a");
    }

    @Test
    void emptyOrAllAbsentRendersNoData() {
        for (StackedBars b : List.of(
                new StackedBars("t", "v", List.of("a")),
                new StackedBars("t", "v", List.of("a", "b")).bar("x", 0, Double.NaN))) {
            SvgDom dom = SvgDom.parse(b.render());
            assertThat(dom.withClass("text", "no-data")).hasSize(1);
            assertThat(dom.withClass("rect", "segment")).isEmpty();
        }
    }

    @Test
    void rejectsValuesThatCannotBeStacked() {
        StackedBars b = new StackedBars("t", "v", List.of("TLS", "sendmsg()"));
        assertThatThrownBy(() -> b.bar("linux", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("linux").hasMessageContaining("1 values for 2 categories");
        assertThatThrownBy(() -> b.bar("vm", 1, -0.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vm").hasMessageContaining("sendmsg()").hasMessageContaining("-0.5");
        assertThatThrownBy(() -> b.bar("vm", Double.POSITIVE_INFINITY, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TLS");
    }

    @Test
    void escapesLabelsAndCategories() {
        String svg = new StackedBars("<t>", "µs & more", List.of("a<b&\"c\""))
                .bar("x\"y'", 1).render();
        assertThat(svg).contains("a&lt;b&amp;&quot;c&quot;").contains("&#xB5;s &amp; more");
        SvgDom dom = SvgDom.parse(svg);
        assertThat(dom.texts()).contains("<t>", "µs & more", "a<b&\"c\"", "x\"y'");
    }

    @Test
    void shortLabelsStandStraightLongOnesTilt() {
        SvgDom straight = SvgDom.parse(Examples.serverCpu().render());
        for (Element g : straight.withClass("g", "bar-label")) {
            assertThat(((Element) g.getElementsByTagNameNS(SvgDom.NS, "text").item(0)).hasAttribute("transform")).isFalse();
        }
        SvgDom tilted = SvgDom.parse(Examples.serverCpuLongLabels().render());
        List<Element> labels = tilted.withClass("g", "bar-label");
        assertThat(labels).hasSize(8);
        for (Element g : labels) {
            Element text = (Element) g.getElementsByTagNameNS(SvgDom.NS, "text").item(0);
            assertThat(text.getAttribute("transform")).startsWith("rotate(-");
        }
    }

    @Test
    void labelsWrapBeforeTheyTilt() {
        String svg = new StackedBars("t", "v", List.of("a"))
                .bar("linux with gso", 1).bar("docker bridge", 2).render();
        List<Element> labels = SvgDom.parse(svg).withClass("g", "bar-label");
        assertThat(labels).hasSize(2);
        assertThat(labels.get(0).getElementsByTagNameNS(SvgDom.NS, "text").getLength()).isEqualTo(1);

        String narrow = new StackedBars("t", "v", List.of("a")).size(300, 300)
                .bar("linux with gso", 1).bar("docker bridge", 2).bar("vm", 3).render();
        Element first = SvgDom.parse(narrow).withClass("g", "bar-label").get(0);
        assertThat(first.getElementsByTagNameNS(SvgDom.NS, "text").getLength()).isGreaterThan(1);
    }

    @Test
    void identicalInputGivesIdenticalOutput() {
        assertThat(Examples.serverCpu().render()).isEqualTo(Examples.serverCpu().render());
        assertThat(Examples.serverCpuLongLabels().render()).isEqualTo(Examples.serverCpuLongLabels().render());
    }
}

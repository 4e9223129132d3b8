package dev.quicperf.report.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class SvgTest {

    @Test
    void escapesMarkupQuotesAndNonAscii() {
        assertThat(Svg.escape("a<b&\"c\"")).isEqualTo("a&lt;b&amp;&quot;c&quot;");
        assertThat(Svg.escape("it's > µs")).isEqualTo("it&#39;s &gt; &#xB5;s");
        assertThat(Svg.escape("\uD83D\uDE00")).isEqualTo("&#x1F600;");
        assertThat(Svg.escape(null)).isEmpty();
    }

    @Test
    void replacesCharactersXmlForbids() {
        assertThat(Svg.escape("a\u0000b\u0007c\uD800d")).isEqualTo("a&#xFFFD;b&#xFFFD;c&#xFFFD;d");
        assertThat(Svg.escape("tab\there")).isEqualTo("tab\there");
    }

    @Test
    void numbersHaveAtMostTwoDecimalsAndNoExponent() {
        assertThat(Svg.num(1.0)).isEqualTo("1");
        assertThat(Svg.num(1.5)).isEqualTo("1.5");
        assertThat(Svg.num(1.239)).isEqualTo("1.24");
        assertThat(Svg.num(-0.001)).isEqualTo("0");
        assertThat(Svg.num(1e7)).isEqualTo("10000000");
        assertThat(Svg.num(-12.3456)).isEqualTo("-12.35");
    }

    @Test
    void numbersIgnoreTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertThat(Svg.num(1234.5)).isEqualTo("1234.5");
            assertThat(Formats.number().apply(1234.5)).isEqualTo("1235");
            assertThat(Formats.number().apply(2.25)).isEqualTo("2.25");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void refusesToWriteNonFiniteCoordinates() {
        assertThatThrownBy(() -> Svg.num(Double.NaN)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Svg.num(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void documentIsOneNamespacedSvgElement() {
        Svg svg = new Svg(300, 200, "t & t");
        svg.text("x < y", "x", 1.0, "y", 2.0);
        String out = svg.finish();
        SvgDom dom = SvgDom.parse(out);
        assertThat(dom.doc.getDocumentElement().getAttribute("viewBox")).isEqualTo("0 0 300 200");
        assertThat(dom.doc.getDocumentElement().getAttribute("aria-label")).isEqualTo("t & t");
        assertThat(dom.texts()).containsExactly("x < y");
        assertThat(svg.finish()).isEqualTo(out);
    }

    @Test
    void formatsForLabels() {
        assertThat(Formats.percent().apply(0.5)).isEqualTo("50%");
        assertThat(Formats.percent().apply(0.999)).isEqualTo("99.9%");
        assertThat(Formats.percent().apply(1)).isEqualTo("100%");
        assertThat(Formats.number().apply(0)).isEqualTo("0");
        assertThat(Formats.number().apply(0.1)).isEqualTo("0.1");
        assertThat(Formats.number().apply(1e9)).isEqualTo("1e9");
        assertThat(Formats.number().apply(2.5e-5)).isEqualTo("2.5e-5");
        assertThat(Formats.decimals(1).apply(-0.01)).isEqualTo("0.0");
    }
}

package dev.quicperf.report.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** Parses rendered charts the strict way a browser's XML parser would, and finds elements in them. */
final class SvgDom {

    static final String NS = "http://www.w3.org/2000/svg";

    final Document doc;

    private SvgDom(Document doc) {
        this.doc = doc;
    }

    /** Fails the test unless {@code svg} is one well-formed, namespaced svg element with a size and viewBox. */
    static SvgDom parse(String svg) {
        assertThat(svg).startsWith("<svg ").doesNotContain("<?xml").doesNotContainIgnoringCase("<script");
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
            Element root = doc.getDocumentElement();
            assertThat(root.getNamespaceURI()).isEqualTo(NS);
            assertThat(root.getLocalName()).isEqualTo("svg");
            assertThat(root.getAttribute("width")).isNotEmpty();
            assertThat(root.getAttribute("height")).isNotEmpty();
            assertThat(root.getAttribute("viewBox")).isNotEmpty();
            assertThat(root.getAttribute("font-family")).isEqualTo("sans-serif");
            return new SvgDom(doc);
        } catch (Exception e) {
            throw new AssertionError("not well-formed SVG: " + e.getMessage() + "\n" + svg, e);
        }
    }

    List<Element> all(String tag) {
        NodeList nodes = doc.getElementsByTagNameNS(NS, tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    List<Element> withClass(String tag, String cls) {
        return all(tag).stream()
                .filter(e -> Arrays.asList(e.getAttribute("class").split(" ")).contains(cls))
                .toList();
    }

    /** Text of the direct text content of every {@code <text>} element, in document order. */
    List<String> texts() {
        return all("text").stream().map(Element::getTextContent).toList();
    }

    /** Numbers in attributes written with more than two decimals or with an exponent. */
    List<String> badNumbersInAttributes() {
        java.util.regex.Pattern bad = java.util.regex.Pattern.compile("\\d*\\.\\d{3,}|\\d[eE][-+]?\\d|NaN|Infinity");
        List<String> out = new ArrayList<>();
        NodeList nodes = doc.getElementsByTagNameNS(NS, "*");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            for (int a = 0; a < e.getAttributes().getLength(); a++) {
                if (e.getAttributes().item(a).getNodeName().equals("aria-label")
                        || e.getAttributes().item(a).getNodeValue().startsWith("#")) {
                    continue;
                }
                java.util.regex.Matcher m = bad.matcher(e.getAttributes().item(a).getNodeValue());
                while (m.find()) {
                    out.add(e.getTagName() + "@" + e.getAttributes().item(a).getNodeName() + "=" + m.group());
                }
            }
        }
        return out;
    }
}

package dev.quicperf.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A self-contained HTML page of tables, readable inside Allure's attachment viewer: no scripts,
 * no external styles. Numbers are right-aligned so columns compare at a glance.
 */
public final class HtmlTable {

    private final String title;
    private final List<String> sections = new ArrayList<>();

    public HtmlTable(String title) {
        this.title = title;
    }

    /** A table cell: its text, and where it links to (null for none). */
    public record Cell(String text, String href) {
        public static Cell of(String text) {
            return new Cell(text, null);
        }
    }

    /** A table with a heading; cells are escaped. */
    public HtmlTable table(String heading, List<String> columns, List<List<String>> rows) {
        return linkedTable(heading, columns, rows.stream().map(r -> r.stream().map(Cell::of).toList()).toList());
    }

    /** A table whose cells may link elsewhere, e.g. a summary's values to their cells' pages. */
    public HtmlTable linkedTable(String heading, List<String> columns, List<List<Cell>> rows) {
        StringBuilder b = new StringBuilder();
        b.append("<h2>").append(escape(heading)).append("</h2>\n<table>\n<tr>");
        for (String c : columns) {
            b.append("<th>").append(escape(c)).append("</th>");
        }
        b.append("</tr>\n");
        for (List<Cell> row : rows) {
            b.append("<tr>");
            for (Cell cell : row) {
                b.append(numeric(cell.text()) ? "<td class=n>" : "<td>");
                if (cell.href() != null) {
                    b.append("<a href=\"").append(escape(cell.href())).append("\">").append(escape(cell.text()))
                            .append("</a>");
                } else {
                    b.append(escape(cell.text()));
                }
                b.append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n");
        sections.add(b.toString());
        return this;
    }

    /** A chart under a heading; {@code svg} is a complete {@code <svg>} element of our own making, not escaped. */
    public HtmlTable svg(String heading, String svg) {
        sections.add("<h2>" + escape(heading) + "</h2>\n<div class=chart>" + svg + "</div>\n");
        return this;
    }

    /** A line of links, e.g. to a cell's raw files. */
    public HtmlTable links(List<Cell> links) {
        StringBuilder b = new StringBuilder("<p>");
        for (Cell l : links) {
            b.append("<a href=\"").append(escape(l.href())).append("\">").append(escape(l.text())).append("</a> &nbsp; ");
        }
        sections.add(b.append("</p>\n").toString());
        return this;
    }

    /** A paragraph of explanation under the tables. */
    public HtmlTable note(String text) {
        sections.add("<p>" + escape(text) + "</p>\n");
        return this;
    }

    public String render() {
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title>\n"
                + "<style>body{font-family:sans-serif;font-size:13px;margin:12px}"
                + "table{border-collapse:collapse;margin-bottom:16px}"
                + "th,td{border:1px solid #ccc;padding:3px 8px}th{background:#f2f2f2;text-align:left}"
                + "td.n{text-align:right;font-variant-numeric:tabular-nums}h2{font-size:15px}"
                + "p{color:#444;max-width:60em}</style></head>\n<body>\n<h1 style=\"font-size:17px\">"
                + escape(title) + "</h1>\n" + String.join("", sections) + "</body></html>\n";
    }

    private static boolean numeric(String s) {
        return s.matches("[-+]?[0-9][0-9.,]*(\\s.*)?") || s.startsWith("±");
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

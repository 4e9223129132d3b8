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

    /** A table with a heading; cells are escaped. */
    public HtmlTable table(String heading, List<String> columns, List<List<String>> rows) {
        StringBuilder b = new StringBuilder();
        b.append("<h2>").append(escape(heading)).append("</h2>\n<table>\n<tr>");
        for (String c : columns) {
            b.append("<th>").append(escape(c)).append("</th>");
        }
        b.append("</tr>\n");
        for (List<String> row : rows) {
            b.append("<tr>");
            for (String cell : row) {
                b.append(numeric(cell) ? "<td class=n>" : "<td>").append(escape(cell)).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n");
        sections.add(b.toString());
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

package dev.quicperf.report;

import io.qameta.allure.Allure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a cell attaches to its Allure result; a missing log is attached as a note, never an error. */
public final class Attachments {

    private Attachments() {
    }

    public static void html(String name, HtmlTable page) {
        Allure.addAttachment(name, "text/html", page.render(), ".html");
    }

    /** Attaches an HTML file as it is (e.g. a flame graph), or a line saying why it is not there. */
    public static void htmlFile(String name, Path file) {
        if (!Files.isRegularFile(file)) {
            text(name, "(no such file: " + file + ")");
            return;
        }
        try (InputStream in = Files.newInputStream(file)) {
            Allure.addAttachment(name, "text/html", in, ".html");
        } catch (IOException e) {
            text(name, "(cannot read " + file + ": " + e.getMessage() + ")");
        }
    }

    /** A chart; Allure shows image/svg+xml attachments as images. */
    public static void svg(String name, String svg) {
        Allure.addAttachment(name, "image/svg+xml", svg, ".svg");
    }

    public static void json(String name, String json) {
        Allure.addAttachment(name, "application/json", json, ".json");
    }

    public static void text(String name, String text) {
        Allure.addAttachment(name, "text/plain", text, ".txt");
    }

    /** Attaches a log file as text, or a line saying why it is not there. */
    public static void file(String name, Path file) {
        if (!Files.isRegularFile(file)) {
            text(name, "(no such file: " + file + ")");
            return;
        }
        try (InputStream in = Files.newInputStream(file)) {
            Allure.addAttachment(name, "text/plain", in, ".txt");
        } catch (IOException e) {
            text(name, "(cannot read " + file + ": " + e.getMessage() + ")");
        }
    }

    /**
     * The server's stdout and stderr logs of a cell, and every client run's stderr log
     * ({@code *.stderr.log} other than the server's) as one text attachment, in run order.
     */
    public static void cellLogs(Path cellDir, String clientLogsName) throws IOException {
        file("server stdout", cellDir.resolve("server.stdout.log"));
        file("server stderr", cellDir.resolve("server.stderr.log"));
        StringBuilder clientLogs = new StringBuilder();
        try (var files = Files.list(cellDir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".stderr.log")
                    && !f.getFileName().toString().startsWith("server")).sorted().toList()) {
                clientLogs.append("== ").append(p.getFileName()).append(" ==\n").append(read(p)).append('\n');
            }
        }
        text(clientLogsName, clientLogs.toString());
    }

    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}

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

    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}

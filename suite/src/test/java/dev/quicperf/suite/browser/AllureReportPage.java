package dev.quicperf.suite.browser;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The UI of a generated multi-file Allure 2.34 report, as far as a test needs it: open one test
 * case's HTML attachment and tell what rendered inside its iframe.
 *
 * <p>Test case and attachment are looked up by name in the report's own
 * {@code data/test-cases/*.json} on disk: each holds the test case's {@code uid} (the key of the
 * UI's route {@code #testresult/<uid>}) and, in {@code beforeStages}/{@code testStage}/
 * {@code afterStages} and their steps, each attachment's {@code uid} (the {@code data-uid} of its
 * row in the UI) and {@code source} (its file under {@code data/attachments/}). That needs no
 * text matching in the UI, whose tree groups and truncates names.
 *
 * <p>The routes and selectors, found in app.js and by experiment with Allure 2.34.0:
 * <ul>
 * <li>{@code index.html#testresult/<uid>}: the test result page on its own (the router's
 *     {@code "testresult/:uid(/)(:tabName)"}), independent of the tree tabs (suites, behaviors...).
 * <li>{@code .attachment-row[data-uid="<attachment uid>"]}: the attachment's row under
 *     "Execution"; attachments of steps sit in {@code .step} elements, collapsed unless they have
 *     {@code step_expanded}, opened by a click on their {@code .step__title}.
 * <li>A click on the row opens it inline: {@code .attachment__<attachment uid>
 *     iframe.attachment__iframe}, a frame of fixed height (about 150 px) that scrolls.
 * <li>A click on the row's {@code .attachment-row__fullscreen} opens it in a modal (the route
 *     gets {@code ?attachment=<attachment uid>}): {@code iframe.attachment__iframe_fullscreen},
 *     85% of the viewport's height.
 * <li>The iframe's {@code src} is {@code data/attachments/<source>}, same origin as the report,
 *     so its document can be read; it has loaded once that document's URL is the attachment's
 *     (before that it is the initial about:blank, already "complete").
 * </ul>
 */
public final class AllureReportPage {

    /** How to open the attachment. */
    public enum View {
        /** Inline, below its row (the row's click): a short frame, the rest scrolls inside it. */
        INLINE,
        /** In Allure's full-screen modal (the row's expand icon): the frame fills most of the viewport. */
        FULLSCREEN
    }

    /**
     * What rendered in the attachment's iframe.
     *
     * @param testCaseUid   the test case's uid, as in {@code #testresult/<uid>}
     * @param attachmentUid the attachment's uid, as in its row's {@code data-uid}
     * @param frameUrl      the URL of the iframe's document
     * @param frameWidth    the iframe's width in the report page, CSS pixels
     * @param frameHeight   the iframe's height in the report page, CSS pixels
     * @param tableRows     the number of {@code <tr>} in the iframe's document, header rows included
     * @param svgHasArea    whether an {@code <svg>} in it has a bounding box of non-zero width and height
     * @param svgInView     whether such an svg also lies wholly inside the iframe's viewport as it is
     *                      scrolled now, and the iframe wholly inside the page's: a screenshot now shows it
     * @param text          the rendered text of the iframe's body ({@code innerText})
     */
    public record RenderedAttachment(String testCaseUid, String attachmentUid, String frameUrl, double frameWidth,
            double frameHeight, int tableRows, boolean svgHasArea, boolean svgInView, String text) {
    }

    /** A test case's entry in {@code data/test-cases}, and the attachment's in it. */
    record Target(String testCaseUid, String attachmentUid, String source, String type) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HeadlessChromium browser;
    private final Path reportDir;
    private final URI base;

    /**
     * @param browser   the browser to drive
     * @param reportDir the generated report on disk (has {@code index.html} and {@code data/test-cases})
     * @param base      where that directory is served, e.g. {@code http://127.0.0.1:41551/}
     */
    public AllureReportPage(HeadlessChromium browser, Path reportDir, URI base) {
        this.browser = browser;
        this.reportDir = reportDir;
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
    }

    /** The report that {@code site} serves. */
    public AllureReportPage(HeadlessChromium browser, StaticSite site) {
        this(browser, site.root(), site.base());
    }

    /** The uid of the (not hidden) test case called {@code testCaseName}; it must be the only one so called. */
    public String testCaseUid(String testCaseName) {
        return testCase(testCaseName).path("uid").asText();
    }

    /** {@link #open(String, String, View, Duration)} in the full-screen view. */
    public RenderedAttachment open(String testCaseName, String attachmentName, Duration timeout) {
        return open(testCaseName, attachmentName, View.FULLSCREEN, timeout);
    }

    /**
     * Loads the report's page of the test case, opens its attachment {@code attachmentName} (an HTML
     * one) the way {@code view} says, waits until the attachment's iframe has loaded and laid out,
     * and reports what rendered in it. The page stays in that state, for a screenshot.
     *
     * @throws IllegalArgumentException if the report has no such test case or attachment, or
     *                                  several, or the attachment is not HTML
     * @throws IllegalStateException    if the UI does not get there within {@code timeout}; the
     *                                  message says which step failed and what the page shows
     */
    public RenderedAttachment open(String testCaseName, String attachmentName, View view, Duration timeout) {
        Target target = find(testCaseName, attachmentName);
        if (!target.type().equals("text/html")) {
            throw new IllegalArgumentException("attachment '" + attachmentName + "' of '" + testCaseName + "' is "
                    + target.type() + ", not text/html: Allure shows only HTML in an iframe");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        // A fresh document first: a route change alone would keep a modal or expansion of before.
        browser.navigate(base.resolve("index.html").toString());
        browser.navigate(base.resolve("index.html#testresult/" + target.testCaseUid()).toString());

        String row = "document.querySelector('.attachment-row[data-uid=' + " + js(js(target.attachmentUid())) + " + ']')";
        await(row + " !== null", deadline, "the row of attachment '" + attachmentName + "' (.attachment-row[data-uid=\""
                + target.attachmentUid() + "\"]) on " + base.resolve("index.html#testresult/" + target.testCaseUid()));
        // Steps the attachment belongs to, outermost first, must be expanded to show it.
        browser.evaluate("(() => { const row = " + row + ";"
                + " const steps = []; for (let s = row.parentElement.closest('.step'); s; s = s.parentElement.closest('.step')) steps.unshift(s);"
                + " for (const s of steps) if (!s.classList.contains('step_expanded')) s.querySelector(':scope > .step__title').click();"
                + " return steps.length; })()");
        await("(() => { const r = " + row + ".getBoundingClientRect(); return r.width > 0 && r.height > 0; })()", deadline,
                "attachment row '" + attachmentName + "' to become visible (its steps expanded)");

        String frame;
        if (view == View.INLINE) {
            browser.evaluate("(() => { const row = " + row + ";"
                    + " if (!row.classList.contains('attachment-row_selected')) row.click(); return true; })()");
            frame = "document.querySelector('.attachment__' + " + js(target.attachmentUid()) + " + ' iframe.attachment__iframe')";
        } else {
            browser.evaluate("(() => { " + row + ".querySelector('.attachment-row__fullscreen').click(); return true; })()");
            frame = "document.querySelector('iframe.attachment__iframe_fullscreen')";
        }
        String expectedUrl = base.resolve("data/attachments/" + target.source()).toString();
        await("(() => { const f = " + frame + "; if (!f || !f.contentDocument) return false;"
                + " const d = f.contentDocument; return d.URL === " + js(expectedUrl)
                + " && d.readyState === 'complete' && d.body !== null; })()", deadline,
                "the iframe of attachment '" + attachmentName + "' to load " + expectedUrl + " (" + view + ")");
        // Laid out and done moving: the frame's box is the same two animation frames apart.
        await("(() => { const f = " + frame + "; const box = () => JSON.stringify(f.getBoundingClientRect());"
                + " const before = box(); return new Promise(ok => requestAnimationFrame(() => requestAnimationFrame("
                + "() => ok(box() === before && f.getBoundingClientRect().height > 0)))); })()", deadline,
                "the iframe of attachment '" + attachmentName + "' to settle");
        if (view == View.INLINE) {
            browser.evaluate(row + ".scrollIntoView({block: 'start'}); true");
        }

        JsonNode seen = browser.evaluate("(() => { const f = " + frame + "; const d = f.contentDocument;"
                + " const fb = f.getBoundingClientRect(); const vw = d.documentElement.clientWidth, vh = d.documentElement.clientHeight;"
                + " const boxes = [...d.querySelectorAll('svg')].map(s => s.getBoundingClientRect()).filter(b => b.width > 0 && b.height > 0);"
                + " const frameInView = fb.top >= 0 && fb.left >= 0 && fb.bottom <= innerHeight && fb.right <= innerWidth;"
                + " return { url: d.URL, frameWidth: fb.width, frameHeight: fb.height,"
                + " rows: d.querySelectorAll('tr').length, svgHasArea: boxes.length > 0,"
                + " svgInView: frameInView && boxes.some(b => b.top >= 0 && b.left >= 0 && b.bottom <= vh && b.right <= vw),"
                + " text: d.body.innerText }; })()");
        return new RenderedAttachment(target.testCaseUid(), target.attachmentUid(), seen.path("url").asText(),
                seen.path("frameWidth").asDouble(), seen.path("frameHeight").asDouble(), seen.path("rows").asInt(),
                seen.path("svgHasArea").asBoolean(), seen.path("svgInView").asBoolean(), seen.path("text").asText());
    }

    // ---- the report's data

    Target find(String testCaseName, String attachmentName) {
        JsonNode testCase = testCase(testCaseName);
        List<JsonNode> found = new ArrayList<>();
        for (String stage : List.of("beforeStages", "testStage", "afterStages")) {
            JsonNode node = testCase.path(stage);
            if (node.isArray()) {
                node.forEach(s -> collect(s, attachmentName, found));
            } else {
                collect(node, attachmentName, found);
            }
        }
        if (found.size() != 1) {
            throw new IllegalArgumentException("test case '" + testCaseName + "' (uid " + testCase.path("uid").asText()
                    + ") has " + found.size() + " attachments named '" + attachmentName + "', not one");
        }
        JsonNode a = found.get(0);
        return new Target(testCase.path("uid").asText(), a.path("uid").asText(), a.path("source").asText(),
                a.path("type").asText());
    }

    private static void collect(JsonNode stepOrStage, String name, List<JsonNode> into) {
        stepOrStage.path("attachments").forEach(a -> {
            if (name.equals(a.path("name").asText())) {
                into.add(a);
            }
        });
        stepOrStage.path("steps").forEach(s -> collect(s, name, into));
    }

    private JsonNode testCase(String name) {
        Path dir = reportDir.resolve("data").resolve("test-cases");
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(reportDir + " is no multi-file Allure report: it has no data/test-cases"
                    + " (a single-file report keeps its data inside index.html)");
        }
        List<JsonNode> all;
        try (Stream<Path> files = Files.list(dir)) {
            all = files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().map(AllureReportPage::read)
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        // Earlier tries of a retried test are there too, hidden; the UI shows the last one.
        List<JsonNode> named = all.stream().filter(t -> name.equals(t.path("name").asText()))
                .filter(t -> !t.path("hidden").asBoolean(false)).collect(Collectors.toList());
        if (named.size() == 1) {
            return named.get(0);
        }
        if (named.isEmpty()) {
            throw new IllegalArgumentException("no test case named '" + name + "' in " + dir + "; there are: "
                    + all.stream().filter(t -> !t.path("hidden").asBoolean(false)).map(t -> "'" + t.path("name").asText() + "'")
                            .sorted().distinct().collect(Collectors.joining(", ")));
        }
        throw new IllegalArgumentException(named.size() + " test cases named '" + name + "' in " + dir + ": "
                + named.stream().map(t -> t.path("uid").asText() + " " + t.path("fullName").asText())
                        .collect(Collectors.joining(", ")));
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    // ---- waiting

    private void await(String predicate, long deadline, String what) {
        Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), 0));
        if (!browser.waitFor(predicate, left)) {
            JsonNode page = browser.evaluate("({ url: location.href, text: (document.body ? document.body.innerText : '')"
                    + ".replace(/\\s+/g, ' ').slice(0, 300) })");
            throw new IllegalStateException("timed out waiting for " + what + "; the page is " + page.path("url").asText()
                    + " and shows: " + page.path("text").asText());
        }
    }

    /** {@code s} as a JavaScript string literal. */
    private static String js(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.quicperf.external;

import dev.quicperf.adapter.CpuRules;
import dev.quicperf.adapter.Readiness;
import dev.quicperf.external.StackDescriptor.ClientSpec;
import dev.quicperf.external.StackDescriptor.Content;
import dev.quicperf.external.StackDescriptor.DownloadReport;
import dev.quicperf.external.StackDescriptor.JsonReport;
import dev.quicperf.external.StackDescriptor.RegexReport;
import dev.quicperf.external.StackDescriptor.ReportSpec;
import dev.quicperf.external.StackDescriptor.ServerSpec;
import dev.quicperf.external.StackDescriptor.VersionProbe;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a stack descriptor strictly: an unknown key, a missing one, a placeholder an argv cannot
 * have or a bad regex stops with {@code file:line} and what was expected, so a typo never turns
 * into a skipped or silently wrong row.
 */
public final class DescriptorReader {

    static final Set<String> SERVER_PLACEHOLDERS = Set.of("host", "port", "cert", "key");
    static final Set<String> CLIENT_PLACEHOLDERS = Set.of("host", "port", "bytes", "timeout_ms", "downloads");
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9.-]*");

    private final String origin;

    private DescriptorReader(String origin) {
        this.origin = origin;
    }

    /**
     * @param origin the file's name in messages
     * @throws DescriptorException naming the line and the fix
     */
    public static StackDescriptor read(String yaml, String origin) {
        return new DescriptorReader(origin).read(yaml);
    }

    private StackDescriptor read(String yaml) {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
        } catch (YAMLException e) {
            throw new DescriptorException(origin + ": not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            throw new DescriptorException(origin + ": empty file; expected a stack descriptor (see docs/stacks.md)");
        }
        Map<String, Node> top = mapping(root, "the descriptor", Set.of("id", "about", "install", "version", "protocols",
                "server", "client", "cpu"), Set.of("id", "install", "version", "protocols", "server", "client"));
        String id = scalar(top.get("id"), "id");
        if (!ID.matcher(id).matches()) {
            throw fail(top.get("id"), "id '" + id + "' must be lower-case letters, digits, '.' and '-' (it names cells and files)");
        }
        Map<String, Node> version = mapping(top.get("version"), "version", Set.of("command", "regex"),
                Set.of("command", "regex"));
        VersionProbe probe = new VersionProbe(strings(version.get("command"), "version.command", false),
                regex(version.get("regex"), "version.regex", true));
        Set<String> protocols = new LinkedHashSet<>(strings(top.get("protocols"), "protocols", false));
        String cpu = top.containsKey("cpu") ? scalar(top.get("cpu"), "cpu") : "";
        CpuRules rules;
        try {
            rules = CpuRules.parse(cpu, origin + " (cpu, whose first rule line is line "
                    + (top.containsKey("cpu") ? line(top.get("cpu")) + 1 : 0) + "), rule line");
        } catch (IllegalArgumentException e) {
            throw new DescriptorException(e.getMessage());
        }
        return new StackDescriptor(origin, id, top.containsKey("about") ? scalar(top.get("about"), "about") : "",
                scalar(top.get("install"), "install"), probe, Set.copyOf(protocols), server(top.get("server")),
                client(top.get("client")), rules);
    }

    private ServerSpec server(Node node) {
        Map<String, Node> server = mapping(node, "server", Set.of("executable", "argv", "port", "ready", "packets"),
                Set.of("executable", "argv", "port", "ready"));
        String port = scalar(server.get("port"), "server.port");
        if (!port.equals("given") && !port.equals("announced")) {
            throw fail(server.get("port"), "server.port is '" + port + "'; expected 'given' (the harness picks the port"
                    + " and ${port} passes it) or 'announced' (the server picks one and its ready line's first group is it)");
        }
        boolean given = port.equals("given");
        List<String> argv = argv(server.get("argv"), "server.argv", SERVER_PLACEHOLDERS);
        if (given && argv.stream().noneMatch(a -> Template.names(a).contains("port"))) {
            throw fail(server.get("argv"), "server.port is 'given' but server.argv has no ${port}");
        }
        Map<String, Node> ready = mapping(server.get("ready"), "server.ready", Set.of("stream", "line"), Set.of("line"));
        Readiness.Stream stream = Readiness.Stream.STDOUT;
        if (ready.containsKey("stream")) {
            String s = scalar(ready.get("stream"), "server.ready.stream");
            try {
                stream = Readiness.Stream.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw fail(ready.get("stream"), "server.ready.stream is '" + s + "'; expected stdout or stderr");
            }
        }
        Pattern line = regex(ready.get("line"), "server.ready.line", !given);
        boolean stats = false;
        if (server.containsKey("packets")) {
            String p = scalar(server.get("packets"), "server.packets");
            if (!p.equals("stats-line") && !p.equals("none")) {
                throw fail(server.get("packets"), "server.packets is '" + p + "'; expected 'stats-line' (it writes"
                        + " 'QUICPERF CONNECTION peer_port=.. packets_sent=.. packets_lost=..' per connection) or 'none'");
            }
            stats = p.equals("stats-line");
        }
        return new ServerSpec(executable(server.get("executable"), "server.executable"), argv, given, stream, line, stats);
    }

    private ClientSpec client(Node node) {
        Map<String, Node> client = mapping(node, "client", Set.of("executable", "argv", "report"),
                Set.of("executable", "argv", "report"));
        List<String> argv = argv(client.get("argv"), "client.argv", CLIENT_PLACEHOLDERS);
        ReportSpec report = report(client.get("report"));
        boolean usesDownloads = argv.stream().anyMatch(a -> Template.names(a).contains("downloads"));
        if (report instanceof DownloadReport d && !d.file().equals(ForeignClient.STDOUT) && !usesDownloads) {
            throw fail(client.get("argv"), "client.report is a download but client.argv never passes ${downloads},"
                    + " the directory the file is expected in");
        }
        return new ClientSpec(executable(client.get("executable"), "client.executable"), argv, report);
    }

    private ReportSpec report(Node node) {
        if (node instanceof ScalarNode s) {
            if (s.getValue().equals("json")) {
                return new JsonReport();
            }
            throw fail(node, "client.report is '" + s.getValue() + "'; expected 'json', {download: ..., content: ...}"
                    + " or {bytes: <regex>, seconds: <regex>}");
        }
        Map<String, Node> m = mapping(node, "client.report", Set.of("download", "content", "bytes", "seconds"), Set.of());
        if (m.containsKey("download")) {
            String file = scalar(m.get("download"), "client.report.download");
            for (String name : Template.names(file)) {
                if (!CLIENT_PLACEHOLDERS.contains(name)) {
                    throw fail(m.get("download"), "client.report.download uses ${" + name + "}; known: " + CLIENT_PLACEHOLDERS);
                }
            }
            Content content = Content.ANY;
            if (m.containsKey("content")) {
                String c = scalar(m.get("content"), "client.report.content");
                try {
                    content = Content.valueOf(c.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw fail(m.get("content"), "client.report.content is '" + c + "'; expected zeros or any");
                }
            }
            return new DownloadReport(file, content);
        }
        if (m.containsKey("bytes") && m.containsKey("seconds")) {
            return new RegexReport(regex(m.get("bytes"), "client.report.bytes", true),
                    regex(m.get("seconds"), "client.report.seconds", true));
        }
        throw fail(node, "client.report needs 'download' (a file name) or both 'bytes' and 'seconds' (regexes)");
    }

    private String executable(Node node, String what) {
        String exe = scalar(node, what);
        for (String name : Template.names(exe)) {
            if (!name.startsWith("env:")) {
                throw fail(node, what + " may use ${env:NAME} only, not ${" + name + "}");
            }
        }
        return exe;
    }

    private List<String> argv(Node node, String what, Set<String> allowed) {
        List<String> argv = strings(node, what, true);
        for (String arg : argv) {
            for (String name : Template.names(arg)) {
                if (!name.startsWith("env:") && !allowed.contains(name)) {
                    throw fail(node, what + " uses ${" + name + "}; known here: " + new java.util.TreeSet<>(allowed)
                            + " and ${env:NAME}");
                }
            }
        }
        return argv;
    }

    private Map<String, Node> mapping(Node node, String what, Set<String> known, Set<String> required) {
        if (!(node instanceof MappingNode m)) {
            throw fail(node, what + " must be a mapping with keys " + new java.util.TreeSet<>(known));
        }
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "?";
            if (!known.contains(key)) {
                throw fail(t.getKeyNode(), "unknown key '" + key + "' in " + what + "; expected one of "
                        + new java.util.TreeSet<>(known));
            }
            out.put(key, t.getValueNode());
        }
        for (String key : required) {
            if (!out.containsKey(key)) {
                throw fail(node, what + " lacks '" + key + "'");
            }
        }
        return out;
    }

    private String scalar(Node node, String what) {
        if (!(node instanceof ScalarNode s) || s.getValue().isBlank()) {
            throw fail(node, what + " must be a non-empty string");
        }
        return s.getValue();
    }

    private List<String> strings(Node node, String what, boolean emptyAllowed) {
        if (!(node instanceof SequenceNode seq)) {
            throw fail(node, what + " must be a list of strings, e.g. [a, b]");
        }
        List<String> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
            if (!(item instanceof ScalarNode s)) {
                throw fail(item, what + " must hold strings only");
            }
            out.add(s.getValue());
        }
        if (out.isEmpty() && !emptyAllowed) {
            throw fail(node, what + " must not be empty");
        }
        return List.copyOf(out);
    }

    private Pattern regex(Node node, String what, boolean needsGroup) {
        String text = scalar(node, what);
        Pattern p;
        try {
            p = Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw fail(node, what + " is not a valid regular expression: " + e.getDescription());
        }
        if (needsGroup && p.matcher("").groupCount() < 1) {
            throw fail(node, what + " needs a capturing group ( ... ) around the value");
        }
        return p;
    }

    private static int line(Node node) {
        return node == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private DescriptorException fail(Node node, String message) {
        return new DescriptorException(origin + ":" + line(node) + ": " + message + " (see docs/stacks.md)");
    }
}

package dev.quicperf.suite.report;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;

/**
 * Allure's {@code executor.json}: which CI build produced a report, so its Overview links back
 * to the build and its trend graphs order runs by build number. Only CI runs have one.
 */
public final class Executor {

    private Executor() {
    }

    /** From the process environment of a CI job; empty on a developer's machine. */
    public static Optional<ObjectNode> fromEnvironment(Map<String, String> env) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        if ("true".equals(env.get("GITHUB_ACTIONS"))) {
            String server = env.getOrDefault("GITHUB_SERVER_URL", "https://github.com");
            String repo = env.getOrDefault("GITHUB_REPOSITORY", "");
            String runId = env.getOrDefault("GITHUB_RUN_ID", "");
            String runNumber = env.getOrDefault("GITHUB_RUN_NUMBER", "");
            n.put("name", "GitHub Actions").put("type", "github").put("url", server + "/" + repo)
                    .put("buildName", env.getOrDefault("GITHUB_WORKFLOW", "quicperf") + " #" + runNumber)
                    .put("buildUrl", server + "/" + repo + "/actions/runs/" + runId)
                    .put("reportName", "quicperf " + env.getOrDefault("GITHUB_REF_NAME", ""));
            if (runNumber.matches("[0-9]+")) {
                n.put("buildOrder", Long.parseLong(runNumber));
            }
            Optional.ofNullable(env.get("QUICPERF_REPORT_URL")).ifPresent(u -> n.put("reportUrl", u));
            return Optional.of(n);
        }
        if (env.containsKey("CI")) {
            n.put("name", env.getOrDefault("QUICPERF_CI_NAME", "CI")).put("type", "ci")
                    .put("buildName", env.getOrDefault("QUICPERF_CI_BUILD", "quicperf CI run"));
            return Optional.of(n);
        }
        return Optional.empty();
    }
}

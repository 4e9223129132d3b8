package dev.quicperf.environment.container;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.quicperf.environment.Leftovers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.testcontainers.DockerClientFactory;

/**
 * The Docker engine, reached through Testcontainers: whether one answers, and the containers of
 * ours it holds. Our containers are named {@code quicperf-<pid>-<n>}, the pid being the JVM's that
 * started them, so a later run can remove what a killed run left without touching a live one.
 */
public final class DockerEngine {

    static final String NAME_PREFIX = Leftovers.PREFIX + "-";
    private static final Pattern OURS = Pattern.compile("/?" + Pattern.quote(NAME_PREFIX) + "(\\d+)-\\d+");
    private static Optional<String> unavailable;

    static {
        // Testcontainers saves the Docker strategy it found in ~/.testcontainers.properties unless it
        // is told where the engine is; the standard socket keeps a user's home untouched.
        if (System.getenv("DOCKER_HOST") == null && System.getProperty("DOCKER_HOST") == null) {
            System.setProperty("DOCKER_HOST", "unix:///var/run/docker.sock");
        }
    }

    private DockerEngine() {
    }

    /** Why no Docker engine can be used; empty when one answers. Asked once per JVM. */
    public static synchronized Optional<String> unavailableBecause() {
        if (unavailable == null) {
            unavailable = probe();
        }
        return unavailable;
    }

    private static Optional<String> probe() {
        String where = Optional.ofNullable(System.getenv("DOCKER_HOST")).orElse(System.getProperty("DOCKER_HOST"));
        try {
            if (!DockerClientFactory.instance().isDockerAvailable()) {
                return Optional.of(noEngine(where, "Testcontainers found no usable Docker environment"));
            }
            DockerClientFactory.instance().client().pingCmd().exec();
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(noEngine(where, e.getMessage()));
        }
    }

    private static String noEngine(String where, String detail) {
        return "no Docker engine answers at " + where + " (" + detail + "); start one (.ci/run installs docker.io"
                + " and runs dockerd) or leave container out of -Dquicperf.environments";
    }

    static DockerClient client() {
        return DockerClientFactory.instance().client();
    }

    /** Names of containers of ours that exist now, running or not; empty when no engine answers. */
    public static List<String> ours() {
        if (!java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"))
                || unavailableBecause().isPresent()) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (Container c : client().listContainersCmd().withShowAll(true).withNameFilter(List.of(NAME_PREFIX)).exec()) {
            for (String name : c.getNames()) {
                if (OURS.matcher(name).matches()) {
                    names.add(name.startsWith("/") ? name.substring(1) : name);
                }
            }
        }
        return names;
    }

    /** Removes containers of ours whose JVM is gone: what a run that was killed left behind. */
    static List<String> sweepLeftovers() {
        List<String> swept = new ArrayList<>();
        for (String name : ours()) {
            Matcher m = OURS.matcher(name);
            if (m.matches() && !ProcessHandle.of(Long.parseLong(m.group(1))).map(ProcessHandle::isAlive).orElse(false)) {
                remove(name);
                swept.add(name);
            }
        }
        return swept;
    }

    static void remove(String nameOrId) {
        try {
            client().removeContainerCmd(nameOrId).withForce(true).withRemoveVolumes(true).exec();
        } catch (RuntimeException e) {
            System.err.println("quicperf: could not remove container " + nameOrId + ": " + e.getMessage());
        }
    }
}

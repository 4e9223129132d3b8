package dev.quicperf.environment;

import dev.quicperf.adapter.JvmLaunch;
import dev.quicperf.adapter.Launch;
import dev.quicperf.adapter.NativeLaunch;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Turns a {@link Launch} into the argv of a host process. */
final class CommandLine {

    private CommandLine() {
    }

    /** The java that runs the harness runs the servers too, so one run uses one JDK throughout. */
    static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    static List<String> argv(Launch launch) throws LaunchException {
        List<String> argv = new ArrayList<>();
        if (launch instanceof JvmLaunch jvm) {
            argv.add(javaExecutable().toString());
            argv.addAll(jvm.jvmFlags());
            argv.add("-cp");
            argv.add(jvm.classpath().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
            argv.add(jvm.mainClass());
        } else if (launch instanceof NativeLaunch nat) {
            if (!Files.isExecutable(nat.executable())) {
                throw new LaunchException(nat.executable()
                        + " is not an executable file: install the program (or its Debian package) or point the"
                        + " implementation at where it is");
            }
            argv.add(nat.executable().toString());
        }
        argv.addAll(launch.args());
        return argv;
    }
}

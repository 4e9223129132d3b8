package dev.quicperf.adapter;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What to run for a server or a client. Environments turn a Launch into a host process, a
 * container or a VM image, so it names everything the process needs: the program, its
 * arguments, its environment and the files it reads.
 */
public sealed interface Launch permits JvmLaunch, NativeLaunch {

    List<String> args();

    Map<String, String> environment();

    /** Files the process reads (certificates, keys); an environment that isolates must ship them. */
    List<Path> files();

    /** The argv after the program itself, for logs and reports. */
    default String describe() {
        return String.join(" ", args());
    }
}

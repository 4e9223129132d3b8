package dev.quicperf.environment.profile;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * async-profiler driving a server JVM that was started with the agent loaded (see
 * {@link #jvmFlags(Path)}). Each start and stop is one attach that hands the agent a command,
 * as async-profiler's own asprof does. {@code event=cpu} samples with perf_events' cpu-clock,
 * which here gives Java, native and kernel frames; the itimer fallback would lose the kernel.
 */
public final class AsyncProfiler implements Profiler {

    private final long pid;
    private final Path library;
    private final Path log;
    private boolean prepared;

    /**
     * @param log where the agent writes its warnings and errors, for messages when it fails
     */
    public AsyncProfiler(long pid, Path library, Path log) {
        this.pid = pid;
        this.library = library;
        this.log = log;
    }

    /**
     * Flags for a server JVM: load the agent idle at start-up (a dynamic load later would warn
     * on newer JDKs), and keep debug information at every instruction so samples land on the
     * right Java frame rather than the nearest safepoint.
     */
    public static List<String> jvmFlags(Path library) {
        return List.of("-agentpath:" + library, "-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints");
    }

    @Override
    public Optional<String> unavailableBecause() {
        return Optional.empty();
    }

    @Override
    public String describe() {
        return "async-profiler " + AsyncProfilerLibrary.VERSION + ", event=cpu (perf_events cpu-clock), Java + native"
                + " + kernel frames";
    }

    @Override
    public void prepare() throws ProfilerException {
        if (!prepared) {
            // The first attach starts the JVM's attach listener (~100 ms) and the first session
            // sets up perf events and reads the JVM's symbols (~250 ms here): both happen now,
            // in two throwaway sessions (after one, the next start still took ~30 ms; after two, ~15), not when a timed window opens.
            for (int i = 0; i < 2; i++) {
                command("start,event=cpu,threads,interval=10ms,log=" + log);
                command("stop,log=" + log);
            }
            prepared = true;
        }
    }

    @Override
    public long start(long intervalNanos) throws ProfilerException {
        // threads: each stack's root names its thread, so the harness can weight threads by their OS time.
        command("start,event=cpu,threads,interval=" + intervalNanos + ",log=" + log);
        return intervalNanos;
    }

    @Override
    public CollapsedStacks stop(Path collapsedFile) throws ProfilerException {
        try {
            Files.deleteIfExists(collapsedFile);
        } catch (IOException e) {
            throw new ProfilerException("cannot replace " + collapsedFile + ": " + e.getMessage(), e);
        }
        command("stop,collapsed,file=" + collapsedFile + ",log=" + log);
        if (!Files.isRegularFile(collapsedFile)) {
            throw new ProfilerException("async-profiler stopped but wrote no " + collapsedFile + "; its log says: "
                    + logTail());
        }
        try {
            return CollapsedStacks.read(collapsedFile);
        } catch (IOException e) {
            throw new ProfilerException("cannot read async-profiler's " + collapsedFile + ": " + e.getMessage(), e);
        }
    }

    private void command(String args) throws ProfilerException {
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(Long.toString(pid));
        } catch (AttachNotSupportedException | IOException e) {
            throw new ProfilerException("cannot attach to server JVM " + pid + " to run async-profiler '" + args
                    + "': " + e.getMessage() + " (is it still running, and started by this user?)", e);
        }
        try {
            vm.loadAgentPath(library.toString(), args);
        } catch (AgentLoadException | AgentInitializationException | IOException e) {
            throw new ProfilerException("async-profiler refused '" + args + "' in server JVM " + pid + ": "
                    + e.getMessage() + "; its log says: " + logTail(), e);
        } finally {
            try {
                vm.detach();
            } catch (IOException ignored) {
                // The command went through or failed above; a failed detach changes neither.
            }
        }
    }

    private String logTail() {
        try {
            if (!Files.isRegularFile(log)) {
                return "(no log at " + log + ")";
            }
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }
}

package dev.quicperf.nettyquic;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Keeps the quiche library Netty extracts on disk while the server runs. Netty deletes it right
 * after loading by default, and a profiler then sees one opaque "(deleted)" frame where quiche's
 * TLS, recovery and framing should be. The library goes into a directory of this process's own
 * that is removed at exit; directories left by killed servers are removed by the next server.
 */
final class NativeLibraryDir {

    private static final String PREFIX = "quicperf-netty-native-";

    private NativeLibraryDir() {
    }

    /** Call before any Netty QUIC class loads. Failing here only costs the profile its symbols. */
    static void keepForThisProcess() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        sweepLeftovers(tmp);
        try {
            Path dir = Files.createDirectory(tmp.resolve(PREFIX + ProcessHandle.current().pid()));
            System.setProperty("io.netty.native.workdir", dir.toString());
            System.setProperty("io.netty.native.deleteLibAfterLoading", "false");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir), "netty-native-dir-cleanup"));
        } catch (IOException e) {
            System.err.println(NettyQuicPerfServer.PROGRAM + ": cannot keep the native library for profiling ("
                    + e.getMessage() + "); Netty will delete it after loading");
        }
    }

    private static void sweepLeftovers(Path tmp) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, PREFIX + "*")) {
            for (Path dir : dirs) {
                String pid = dir.getFileName().toString().substring(PREFIX.length());
                boolean alive = pid.matches("\\d+") && ProcessHandle.of(Long.parseLong(pid)).isPresent();
                if (!alive) {
                    delete(dir);
                }
            }
        } catch (IOException e) {
            // Nothing to sweep, or not ours to read: leftovers stay until the next server.
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Already gone.
        }
    }
}

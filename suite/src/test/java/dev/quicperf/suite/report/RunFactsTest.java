package dev.quicperf.suite.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicperf.nettyquic.NettyQuicImplementation;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class RunFactsTest {

    @Test
    void factsNameTheMachineTheCodeAndTheImplementations() {
        Map<String, String> facts = RunFacts.collect(Path.of(System.getProperty("user.dir")), "smoke",
                List.of(new NettyQuicImplementation()), List.of("linux", "container"));
        assertThat(facts).containsKeys("cpu.model", "cpu.cores", "kernel", "jvm", "git.commit")
                .containsEntry("profile", "smoke").containsEntry("environments", "linux, container")
                .containsEntry("implementation.netty-quic", new NettyQuicImplementation().version());
        // This checkout is a git repository: a real hash, not the fallback text.
        assertThat(facts.get("git.commit")).matches("[0-9a-f]{40}( \\+ local changes)?");
    }

    @Test
    void propertiesReadBackAsWritten() throws Exception {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("cpu.model", "AMD EPYC 7B13 64-Core Processor");
        facts.put("odd key=:#", "a\\b\nc=d");
        Properties p = new Properties();
        p.load(new StringReader(RunFacts.properties(facts)));
        assertThat(p).containsEntry("cpu.model", "AMD EPYC 7B13 64-Core Processor").containsEntry("odd key=:#", "a\\b\nc=d");
    }
}

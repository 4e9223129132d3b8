package dev.quicperf.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicperf.adapter.load.LoadReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportJsonTest {

    @Test
    void aClientReportRoundTripsAndLeavesOutWhatIsNull() {
        ClientReport ok = new ClientReport(ClientReport.SCHEMA, "kwik", "0.10.9", true, 2000, 2000, 2000, 0,
                71_591_262, 3_095_091, 74_795_390, 64_234_418, 37693, null);
        assertThat(ok.toJson()).doesNotContain("error").startsWith("{\"schema\":\"quicperf.client-report/1\",");
        assertThat(ClientReport.parse(ok.toJson())).isEqualTo(ok);
        ClientReport failed = new ClientReport(ClientReport.SCHEMA, "kwik", "0.10.9", false, 2000, 0, 0, 0, 0, 0, 0,
                -1, 0, "timeout \"after\" 8000 ms\n\tstalled: ünïcode");
        assertThat(ClientReport.parse(failed.toJson())).isEqualTo(failed);
    }

    @Test
    void aLoadReportWithItsListRoundTrips() {
        LoadReport r = new LoadReport(LoadReport.SCHEMA, "rps", "netty-quic", "4.2", true, 16, 10_000, 100, 10_000, 0,
                20_000_000, 400_000_000, 390_000_000, 1, "HISTFAAA", "HISTFBBB", List.of("a \"b\"", "c"), null);
        assertThat(LoadReport.parse(r.toJson())).isEqualTo(r);
    }
}

package dev.quicperf.h3ref;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http3.DefaultHttp3Headers;
import io.netty.handler.codec.http3.Http3Headers;
import org.junit.jupiter.api.Test;

class ResponseCheckTest {

    private static Http3Headers status(String code, String length) {
        Http3Headers headers = new DefaultHttp3Headers().status(code);
        if (length != null) {
            headers.set("content-length", length);
        }
        return headers;
    }

    @Test
    void a200WithTheRightLengthAndExactlyThatManyBytesPasses() {
        ResponseCheck check = new ResponseCheck("GET /5", 5);
        assertThat(check.headers(status("200", "5"))).isNull();
        assertThat(check.data(2)).isNull();
        assertThat(check.data(3)).isNull();
        assertThat(check.end()).isNull();
        assertThat(check.received()).isEqualTo(5);
    }

    @Test
    void withoutContentLengthTheCountAloneDecides() {
        ResponseCheck check = new ResponseCheck("GET /5", 5);
        assertThat(check.headers(status("200", null))).isNull();
        assertThat(check.data(4)).isNull();
        assertThat(check.end()).isEqualTo("the response to GET /5 ended after 4 of 5 bytes");
    }

    @Test
    void anotherStatusFailsAtTheHeadersAndSaysWhatCame() {
        assertThat(new ResponseCheck("GET /30000000", 30_000_000).headers(status("404", "146")))
                .startsWith("the server answered GET /30000000 with :status 404 (content-length 146) instead of 200")
                .contains("--max-dyn-length");
        assertThat(new ResponseCheck("GET /1", 1).headers(status("500", null)))
                .isEqualTo("the server answered GET /1 with :status 500 instead of 200 and 1 bytes");
    }

    @Test
    void aWrongOrUnreadableContentLengthFails() {
        assertThat(new ResponseCheck("GET /5", 5).headers(status("200", "6")))
                .isEqualTo("the response to GET /5 announces content-length 6 instead of 5");
        assertThat(new ResponseCheck("GET /5", 5).headers(status("200", "five")))
                .isEqualTo("the response to GET /5 has content-length 'five', not a number");
    }

    @Test
    void moreBytesThanAskedForFailAtOnce() {
        ResponseCheck check = new ResponseCheck("GET /5", 5);
        check.headers(status("200", null));
        assertThat(check.data(6)).isEqualTo("the server sent more than the 5 bytes asked for by GET /5");
    }

    @Test
    void interimResponsesAreSkippedAndTrailersIgnored() {
        ResponseCheck check = new ResponseCheck("GET /1", 1);
        assertThat(check.headers(status("103", null))).isNull();
        assertThat(check.data(1)).as("DATA before the final headers").isNotNull();
        ResponseCheck ok = new ResponseCheck("GET /1", 1);
        assertThat(ok.headers(status("103", null))).isNull();
        assertThat(ok.headers(status("200", "1"))).isNull();
        assertThat(ok.data(1)).isNull();
        assertThat(ok.headers(new DefaultHttp3Headers().add("x-trailer", "t"))).isNull();
        assertThat(ok.end()).isNull();
    }

    @Test
    void aStreamEndingWithoutAResponseSaysSo() {
        assertThat(new ResponseCheck("GET /1", 1).end()).isEqualTo("the stream of GET /1 ended without a response");
    }
}

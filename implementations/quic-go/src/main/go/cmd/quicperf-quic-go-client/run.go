package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"time"

	quic "github.com/lucas-clemente/quic-go"

	"dev.quicperf/quicgo/perf"
)

// readBuffer is what one stream Read may fill: quic-go copies everything it has reassembled, up
// to this much, per call. Allocated once per run, whatever the response size.
const readBuffer = perf.Window

// run is one download on a connection and UDP socket of its own. Only a timed run writes the
// phase marks; each run has the whole --timeout-ms to itself.
type run struct {
	opts     *options
	timed    bool
	verifier *perf.Verifier

	localPort int
	cpu0      int64
	t0        time.Time // connect called
	t1        time.Time // handshake complete
	t2        time.Time // first request byte written
	uploaded  uint64
}

func newRun(opts *options, timed bool) *run {
	return &run{opts: opts, timed: timed, verifier: perf.NewVerifier(opts.bytes)}
}

func (r *run) execute() clientReport {
	network := "udp4"
	if r.opts.server.IP.To4() == nil {
		network = "udp6"
	}
	udp, err := net.ListenUDP(network, nil)
	if err != nil {
		return r.report("cannot open a UDP socket: " + err.Error())
	}
	defer udp.Close()
	buffers := perf.SetSocketBuffers(udp)
	r.localPort = udp.LocalAddr().(*net.UDPAddr).Port
	fmt.Fprintf(os.Stderr, "%s: quic-go %s, %s download of %d bytes from %s from UDP port %d (%s)\n", program,
		perf.QuicGoVersion, map[bool]string{true: "timed", false: "warm-up"}[r.timed], r.opts.bytes, r.opts.server,
		r.localPort, buffers)

	if r.timed {
		// PhaseMarks.java: the harness reads the server's CPU and attaches a profiler at the mark. A
		// native server is sampled with Linux perf, which takes a few hundred ms to attach
		// (PhaseMarks.NATIVE_SETTLE_MILLIS; QuicGoImplementation.phaseSettle says the same).
		fmt.Fprintln(os.Stderr, "QUICPERF PHASE measured begin")
		time.Sleep(500 * time.Millisecond)
	}
	r.cpu0 = perf.ProcessCPUNanos()
	r.t0 = time.Now()
	deadline := r.t0.Add(r.opts.timeout)
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()

	tlsConf := &tls.Config{
		InsecureSkipVerify: true, // the server's certificate is made for the run; we measure, not authenticate
		NextProtos:         []string{perf.ALPN},
	}
	conn, err := quic.DialContext(ctx, udp, r.opts.server, r.opts.host, tlsConf, perf.QuicConfig(nil))
	if err != nil {
		if time.Now().After(deadline) || errors.Is(err, context.DeadlineExceeded) {
			return r.finish(fmt.Sprintf("timeout after %d ms: handshake with %s not complete", r.opts.timeout.Milliseconds(), r.opts.server))
		}
		return r.finish(fmt.Sprintf("handshake with %s failed: %v", r.opts.server, err))
	}
	r.t1 = time.Now()
	defer conn.CloseWithError(0, "")

	stream, err := conn.OpenStreamSync(ctx)
	if err != nil {
		return r.finish(r.connectionError("cannot open a stream", err, deadline))
	}
	stream.SetDeadline(deadline)

	r.t2 = time.Now()
	stopped := r.sendRequest(stream)

	buf := make([]byte, readBuffer)
	for {
		n, err := stream.Read(buf)
		r.verifier.Accept(buf[:n])
		if err == io.EOF {
			break
		}
		if err != nil {
			var reset *quic.StreamError
			if errors.As(err, &reset) {
				return r.finish(fmt.Sprintf("the server reset the response (RESET_STREAM %s) after %s%s",
					perf.CodeName(reset.ErrorCode), r.progress(), stopped))
			}
			return r.finish(r.connectionError("response broken", err, deadline) + stopped)
		}
	}
	t3 := time.Now()
	problem := r.verifier.Problem()
	if problem == "" && stopped != "" {
		problem = "the response arrived whole, yet" + stopped
	}
	return r.finishAt(t3, problem)
}

// sendRequest writes the length, the upload and FIN. A write fails when the server stopped our
// request (STOP_SENDING: quic-go then resets it for us); the response says why, so we go on to
// read it and return what to add to its error.
func (r *run) sendRequest(stream quic.Stream) string {
	header := perf.Header(r.opts.bytes)
	if _, err := stream.Write(header[:]); err != nil {
		return r.requestStopped(err)
	}
	n, err := perf.WritePattern(stream, 0, r.opts.upload)
	r.uploaded = n
	if err != nil {
		return r.requestStopped(err)
	}
	if err := stream.Close(); err != nil {
		return r.requestStopped(err)
	}
	return ""
}

func (r *run) requestStopped(err error) string {
	var stop *quic.StreamError
	if errors.As(err, &stop) {
		return fmt.Sprintf("; the server had stopped the request (STOP_SENDING %s) after %d upload bytes",
			perf.CodeName(stop.ErrorCode), r.uploaded)
	}
	return fmt.Sprintf("; sending the request failed after %d upload bytes: %v", r.uploaded, err)
}

func (r *run) connectionError(what string, err error, deadline time.Time) string {
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() && !time.Now().Before(deadline) {
		return fmt.Sprintf("timeout after %d ms: %s", r.opts.timeout.Milliseconds(), r.progress())
	}
	return fmt.Sprintf("%s: %v after %s", what, err, r.progress())
}

func (r *run) progress() string {
	return fmt.Sprintf("%d of %d bytes received", r.verifier.Received(), r.opts.bytes)
}

func (r *run) finish(problem string) clientReport {
	return r.finishAt(time.Now(), problem)
}

// finishAt ends the timed phase at end and builds the report; problem is "" when all went well.
func (r *run) finishAt(end time.Time, problem string) clientReport {
	cpu := perf.ProcessCPUNanos() - r.cpu0
	if r.timed {
		fmt.Fprintln(os.Stderr, "QUICPERF PHASE measured end")
	}
	report := r.report(problem)
	report.OK = problem == ""
	report.ClientCPUNanos = cpu
	report.TotalNanos = end.Sub(r.t0).Nanoseconds()
	if !r.t1.IsZero() {
		report.HandshakeNanos = r.t1.Sub(r.t0).Nanoseconds()
	}
	if !r.t2.IsZero() {
		report.TransferNanos = end.Sub(r.t2).Nanoseconds()
	}
	return report
}

// report is this run's report with what it counted so far, failed with problem unless
// finishAt says otherwise.
func (r *run) report(problem string) clientReport {
	return clientReport{
		Schema:         "quicperf.client-report/1",
		Implementation: "quic-go",
		Version:        perf.QuicGoVersion,
		OK:             false,
		BytesRequested: r.opts.bytes,
		BytesReceived:  r.verifier.Received(),
		BytesVerified:  r.verifier.Verified(),
		BytesUploaded:  r.uploaded,
		LocalPort:      r.localPort,
		Error:          problem,
	}
}

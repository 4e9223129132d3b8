// The perf goodput client on quic-go: --host H --port P --bytes N --upload U --timeout-ms T
// --warmup-bytes W, the arguments of dev.quicperf.adapter.ClientOptions.toArgs().
//
// With W > 0 it first downloads W bytes on a connection of its own, untimed, and closes it. Then
// it marks the measured phase on stderr, connects, opens one bidirectional stream, sends the
// 8-byte length, U upload bytes and FIN, and verifies every response byte against the pattern
// as it arrives. It prints exactly one ClientReport JSON object on stdout and nothing else there.
// Exit status: 0 when every requested byte arrived and matched, 1 otherwise (the report says
// why), 2 for bad arguments.
package main

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"strconv"
	"time"

	"dev.quicperf/quicgo/perf"
)

const program = "quic-go-client"

// options are one client run's arguments.
type options struct {
	host        string
	server      *net.UDPAddr
	bytes       uint64
	upload      uint64
	timeout     time.Duration
	warmupBytes uint64
}

// clientReport is dev.quicperf.adapter.ClientReport, schema quicperf.client-report/1, field for
// field; times in nanoseconds.
type clientReport struct {
	Schema         string `json:"schema"`
	Implementation string `json:"implementation"`
	Version        string `json:"version"`
	OK             bool   `json:"ok"`
	BytesRequested uint64 `json:"bytesRequested"`
	BytesReceived  uint64 `json:"bytesReceived"`
	BytesVerified  uint64 `json:"bytesVerified"`
	BytesUploaded  uint64 `json:"bytesUploaded"`
	HandshakeNanos int64  `json:"handshakeNanos"`
	TransferNanos  int64  `json:"transferNanos"`
	TotalNanos     int64  `json:"totalNanos"`
	ClientCPUNanos int64  `json:"clientCpuNanos"`
	LocalPort      int    `json:"localPort"`
	Error          string `json:"error,omitempty"`
}

func main() {
	opts, err := parseArgs(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var report clientReport
	if opts.warmupBytes > 0 {
		warmup := *opts
		warmup.bytes, warmup.upload, warmup.warmupBytes = opts.warmupBytes, 0, 0
		if r := newRun(&warmup, false).execute(); !r.OK {
			report = newRun(opts, false).report(fmt.Sprintf("warm-up download of %d bytes failed: %s",
				opts.warmupBytes, r.Error))
		}
	}
	if report.Schema == "" {
		report = newRun(opts, true).execute()
	}
	out, err := json.Marshal(report)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: cannot write the report: %v\n", program, err)
		os.Exit(1)
	}
	os.Stdout.Write(append(out, '\n'))
	if !report.OK {
		os.Exit(1)
	}
}

func parseArgs(argv []string) (*options, error) {
	args, err := perf.ParseArgs(program, argv, "host", "port", "bytes", "upload", "timeout-ms", "warmup-bytes")
	if err != nil {
		return nil, err
	}
	host, err := args.String("host")
	if err != nil {
		return nil, err
	}
	port, err := args.Port("port")
	if err != nil {
		return nil, err
	}
	bytes, err := args.Int64("bytes", 0)
	if err != nil {
		return nil, err
	}
	upload, err := args.Int64Or("upload", 0, 0)
	if err != nil {
		return nil, err
	}
	timeoutMillis, err := args.Int64("timeout-ms", 1)
	if err != nil {
		return nil, err
	}
	warmup, err := args.Int64Or("warmup-bytes", 0, 0)
	if err != nil {
		return nil, err
	}
	// An unknown host is a bad argument too.
	server, err := net.ResolveUDPAddr("udp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		return nil, fmt.Errorf("%s: --host %s is not an address this machine can resolve: %v", program, host, err)
	}
	return &options{host: host, server: server, bytes: uint64(bytes), upload: uint64(upload),
		timeout: time.Duration(timeoutMillis) * time.Millisecond, warmupBytes: uint64(warmup)}, nil
}

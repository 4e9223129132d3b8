// The perf server on quic-go: --host H --port P --cert C --key K [--io nio].
//
// Prints "QUICPERF READY port=<n>" on stdout once it listens, then a
// "QUICPERF CONNECTION peer_port=<n> packets_sent=<n> packets_lost=<n>" line as each connection
// ends, and nothing else there; everything else goes to stderr. Serves connections until SIGTERM.
// Exit status 2 for bad arguments, 1 when it cannot start.
package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	quic "github.com/lucas-clemente/quic-go"

	"dev.quicperf/quicgo/perf"
)

const program = "quic-go-server"

type server struct {
	stdout   io.Writer // the READY line and the stats lines, nothing else
	stderr   io.Writer
	stdoutMu sync.Mutex
	// Lines about misbehaving streams: at most 20 a second, whatever a client does.
	ration  *perf.LogRation
	streams atomic.Int64

	connsMu sync.Mutex
	conns   map[quic.Connection]struct{}
}

func main() {
	host, port, certFile, keyFile, err := parseArgs(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		fail("cannot load the certificate %s and key %s: %v", certFile, keyFile, err)
	}
	addr, err := net.ResolveUDPAddr("udp", net.JoinHostPort(host, fmt.Sprint(port)))
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: --host %s is not an address this machine can resolve: %v\n", program, host, err)
		os.Exit(2)
	}
	udp, err := net.ListenUDP("udp", addr)
	if err != nil {
		fail("cannot listen on %s: %v", addr, err)
	}
	// Buffers before quic-go starts reading, so the first handshake already has them.
	buffers := perf.SetSocketBuffers(udp)

	s := newServer(os.Stdout, os.Stderr)
	tracer := &packetTracer{ended: s.connectionEnded}
	tlsConf := &tls.Config{Certificates: []tls.Certificate{cert}, NextProtos: []string{perf.ALPN}}
	listener, err := quic.Listen(udp, tlsConf, perf.QuicConfig(tracer))
	if err != nil {
		fail("cannot start quic-go on %s: %v", addr, err)
	}

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)

	actual := udp.LocalAddr().(*net.UDPAddr).Port
	fmt.Fprintf(s.stderr, "%s: quic-go %s (%s, GOMAXPROCS %d) listening on %s:%d (ALPN %s, %s, max receive windows %d B stream, %d B connection)\n",
		program, perf.QuicGoVersion, runtime.Version(), runtime.GOMAXPROCS(0), host, actual, perf.ALPN, buffers,
		perf.MaxStreamReceiveWindow, perf.MaxConnectionReceiveWindow)
	s.println(fmt.Sprintf("QUICPERF READY port=%d", actual))

	go s.acceptConnections(listener)

	<-stop
	s.shutdown(listener, tracer)
}

func newServer(stdout, stderr io.Writer) *server {
	return &server{stdout: stdout, stderr: stderr, ration: perf.NewLogRation(20), conns: map[quic.Connection]struct{}{}}
}

func parseArgs(argv []string) (host string, port int, cert, key string, err error) {
	args, err := perf.ParseArgs(program, argv, "host", "port", "cert", "key", "io")
	if err != nil {
		return
	}
	if io := args.StringOr("io", "nio"); io != "nio" {
		err = fmt.Errorf("%s: --io %s: quic-go moves its datagrams through Go's net.UDPConn its own way"+
			" (recvmmsg batches of 8 on receive, one sendmsg per packet on send; no GSO, no io_uring),"+
			" which quicperf calls its one I/O mode, nio", program, io)
		return
	}
	if host, err = args.String("host"); err != nil {
		return
	}
	if port, err = args.Port("port"); err != nil {
		return
	}
	if cert, err = args.ReadableFile("cert"); err != nil {
		return
	}
	key, err = args.ReadableFile("key")
	return
}

func fail(format string, a ...any) {
	fmt.Fprintf(os.Stderr, program+": "+format+"\n", a...)
	os.Exit(1)
}

// println writes one whole line on stdout; connections end on goroutines of their own.
func (s *server) println(line string) {
	s.stdoutMu.Lock()
	defer s.stdoutMu.Unlock()
	io.WriteString(s.stdout, line+"\n") // os.Stdout is unbuffered: the line is out when this returns
}

// connectionEnded prints the connection's stats line (ConnectionStatsLine.java).
func (s *server) connectionEnded(c packetCounter) {
	s.println(fmt.Sprintf("QUICPERF CONNECTION peer_port=%d packets_sent=%d packets_lost=%d", c.peerPort, c.sent, c.lost))
}

func (s *server) acceptConnections(listener quic.Listener) {
	for {
		conn, err := listener.Accept(context.Background())
		if err != nil {
			return // the listener was closed
		}
		s.connsMu.Lock()
		s.conns[conn] = struct{}{}
		s.connsMu.Unlock()
		go s.acceptStreams(conn)
		go s.refuseUniStreams(conn)
	}
}

func (s *server) acceptStreams(conn quic.Connection) {
	defer func() {
		s.connsMu.Lock()
		delete(s.conns, conn)
		s.connsMu.Unlock()
	}()
	peer := conn.RemoteAddr().String()
	for {
		stream, err := conn.AcceptStream(context.Background())
		if err != nil {
			return // the connection ended
		}
		s.streams.Add(1)
		go s.serve(stream, fmt.Sprintf("stream %d of %s", stream.StreamID(), peer))
	}
}

// refuseUniStreams answers every unidirectional stream the client opens with STOP_SENDING
// NOT_IMPLEMENTED: perf has no use for them. quic-go sends the frame only while the stream's data
// is still coming; a stream that arrived whole, FIN included, is just dropped, which is as good.
func (s *server) refuseUniStreams(conn quic.Connection) {
	peer := conn.RemoteAddr().String()
	for {
		stream, err := conn.AcceptUniStream(context.Background())
		if err != nil {
			return
		}
		stream.CancelRead(perf.CodeNotImplemented)
		s.misbehaviour(fmt.Sprintf("stream %d of %s: unidirectional; STOP_SENDING %s", stream.StreamID(), peer,
			perf.CodeName(perf.CodeNotImplemented)))
	}
}

// misbehaviour writes a line about a misbehaving stream on stderr, within the ration.
func (s *server) misbehaviour(line string) {
	if admitted := s.ration.Admit(program+": "+line, time.Now()); admitted != "" {
		fmt.Fprintln(s.stderr, admitted)
	}
}

// shutdown, on SIGTERM: tell every client we are going (CONNECTION_CLOSE), let each connection's
// stats line out, then end.
func (s *server) shutdown(listener quic.Listener, tracer *packetTracer) {
	start := time.Now()
	s.connsMu.Lock()
	open := make([]quic.Connection, 0, len(s.conns))
	for c := range s.conns {
		open = append(open, c)
	}
	s.connsMu.Unlock()
	fmt.Fprintf(s.stderr, "%s: stopping (%d open connection(s), %d stream(s) served)\n", program, len(open), s.streams.Load())
	for _, c := range open {
		c.CloseWithError(0, "server shutting down")
	}
	listener.Close()
	ended := make(chan struct{})
	go func() {
		tracer.open.Wait()
		close(ended)
	}()
	select {
	case <-ended:
	case <-time.After(2 * time.Second):
		fmt.Fprintf(s.stderr, "%s: some connections had not ended 2 s after CONNECTION_CLOSE; their stats lines are missing\n", program)
	}
	fmt.Fprintf(s.stderr, "%s: stopped in %s\n", program, perf.Millis(time.Since(start)))
	os.Exit(0)
}

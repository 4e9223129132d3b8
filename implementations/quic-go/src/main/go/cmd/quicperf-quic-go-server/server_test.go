package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	quic "github.com/lucas-clemente/quic-go"

	"dev.quicperf/quicgo/perf"
)

// The server's stream handling against a quic-go client that breaks the perf protocol on
// purpose, in one process: what PerfProtocol.java asks of every server, code by code.

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// eventually polls cond for up to 10 s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("not within 10 s: %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

type testServer struct {
	*server
	out, log *syncBuffer
	addr     string
	listener quic.Listener
}

func startServer(t *testing.T) *testServer {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	template := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "localhost"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	udp, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	out, log := &syncBuffer{}, &syncBuffer{}
	s := newServer(out, log)
	tracer := &packetTracer{ended: s.connectionEnded}
	tlsConf := &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}},
		NextProtos: []string{perf.ALPN}}
	listener, err := quic.Listen(udp, tlsConf, perf.QuicConfig(tracer))
	if err != nil {
		t.Fatal(err)
	}
	go s.acceptConnections(listener)
	t.Cleanup(func() {
		listener.Close()
		udp.Close()
	})
	return &testServer{server: s, out: out, log: log, addr: udp.LocalAddr().String(), listener: listener}
}

func (ts *testServer) dial(t *testing.T) quic.Connection {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := quic.DialAddrContext(ctx, ts.addr, &tls.Config{InsecureSkipVerify: true, NextProtos: []string{perf.ALPN}},
		perf.QuicConfig(nil))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.CloseWithError(0, "") })
	return conn
}

func openStream(t *testing.T, conn quic.Connection) quic.Stream {
	t.Helper()
	stream, err := conn.OpenStreamSync(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	stream.SetDeadline(time.Now().Add(10 * time.Second))
	return stream
}

// streamCode is the application error code of a reset or STOP_SENDING err carries.
func streamCode(t *testing.T, err error) quic.StreamErrorCode {
	t.Helper()
	var se *quic.StreamError
	if !errors.As(err, &se) {
		t.Fatalf("expected a stream reset or STOP_SENDING, got %v", err)
	}
	return se.ErrorCode
}

func TestAnswersWithThePatternAfterTheUploadAndCountsThePackets(t *testing.T) {
	ts := startServer(t)
	conn := ts.dial(t)
	stream := openStream(t, conn)
	header := perf.Header(300_000)
	stream.Write(header[:])
	perf.WritePattern(stream, 0, 50_000)
	stream.Close()
	v := perf.NewVerifier(300_000)
	data, err := io.ReadAll(stream)
	if err != nil {
		t.Fatal(err)
	}
	v.Accept(data)
	if p := v.Problem(); p != "" {
		t.Fatal(p)
	}
	port := conn.LocalAddr().(*net.UDPAddr).Port
	conn.CloseWithError(0, "")
	prefix := fmt.Sprintf("QUICPERF CONNECTION peer_port=%d packets_sent=", port)
	eventually(t, "a stats line for port "+fmt.Sprint(port), func() bool { return strings.Contains(ts.out.String(), prefix) })
	var sent, lost int64
	for _, line := range strings.Split(strings.TrimSpace(ts.out.String()), "\n") {
		if strings.HasPrefix(line, prefix) {
			fmt.Sscanf(line[len(prefix):], "%d packets_lost=%d", &sent, &lost)
		}
	}
	// 300 KB is at least 200 full packets, plus the handshake.
	if sent < 200 {
		t.Fatalf("packets_sent=%d in %q", sent, ts.out.String())
	}
}

func TestFinBeforeTheWholeLengthIsInvalidData(t *testing.T) {
	ts := startServer(t)
	for _, n := range []int{0, 3, 7} {
		stream := openStream(t, ts.dial(t))
		stream.Write(make([]byte, n))
		stream.Close()
		_, err := io.ReadAll(stream)
		if code := streamCode(t, err); code != perf.CodeInvalidData {
			t.Fatalf("%d length bytes: reset with %s", n, perf.CodeName(code))
		}
		want := fmt.Sprintf("FIN after %d of 8 length bytes; RESET_STREAM INVALID_DATA(3)", n)
		eventually(t, want, func() bool { return strings.Contains(ts.log.String(), want) })
	}
}

func TestALengthOverTheLimitIsRejectedAtOnceWithStopSendingAndReset(t *testing.T) {
	ts := startServer(t)
	for _, n := range []uint64{perf.MaxResponseBytes + 1, 1 << 63, ^uint64(0)} {
		stream := openStream(t, ts.dial(t))
		header := perf.Header(n)
		stream.Write(header[:])
		// No FIN: the server must answer as soon as the header is in, without the upload.
		_, err := stream.Read(make([]byte, 1))
		if code := streamCode(t, err); code != perf.CodeRejected {
			t.Fatalf("length %d: response reset with %s", n, perf.CodeName(code))
		}
		// STOP_SENDING: writing the upload fails with the server's code.
		var werr error
		for werr == nil {
			_, werr = stream.Write(make([]byte, 10_000))
		}
		if code := streamCode(t, werr); code != perf.CodeRejected {
			t.Fatalf("length %d: request stopped with %s", n, perf.CodeName(code))
		}
		want := fmt.Sprintf("asks for %d bytes, over the 1000000000000 limit; STOP_SENDING and RESET_STREAM REJECTED(2)", n)
		eventually(t, want, func() bool { return strings.Contains(ts.log.String(), want) })
	}
}

func TestAUnidirectionalStreamIsStoppedAsNotImplemented(t *testing.T) {
	ts := startServer(t)
	stream, err := ts.dial(t).OpenUniStreamSync(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	stream.SetWriteDeadline(time.Now().Add(10 * time.Second))
	var werr error
	for werr == nil {
		_, werr = stream.Write(make([]byte, 10_000))
	}
	if code := streamCode(t, werr); code != perf.CodeNotImplemented {
		t.Fatalf("uni stream stopped with %s", perf.CodeName(code))
	}
}

func TestARequestResetBeforeItsFinGetsTheResponseResetAsCancelled(t *testing.T) {
	ts := startServer(t)
	stream := openStream(t, ts.dial(t))
	header := perf.Header(1000)
	stream.Write(header[:])
	stream.Write(make([]byte, 500))
	stream.CancelWrite(7)
	_, err := io.ReadAll(stream)
	if code := streamCode(t, err); code != perf.CodeCancelled {
		t.Fatalf("response reset with %s", perf.CodeName(code))
	}
	want := "without a FIN (the client cancelled the stream with code 7); RESET_STREAM OK(0)"
	eventually(t, want, func() bool { return strings.Contains(ts.log.String(), want) })
}

func TestStopSendingMidResponseEndsTheWriter(t *testing.T) {
	ts := startServer(t)
	stream := openStream(t, ts.dial(t))
	header := perf.Header(perf.MaxResponseBytes)
	stream.Write(header[:])
	stream.Close()
	if _, err := io.ReadFull(stream, make([]byte, 100_000)); err != nil {
		t.Fatal(err)
	}
	stream.CancelRead(9)
	want := "response abandoned after "
	eventually(t, want, func() bool { return strings.Contains(ts.log.String(), want) })
	if !strings.Contains(ts.log.String(), "the client cancelled the stream with code 9") {
		t.Fatalf("log: %s", ts.log.String())
	}
}

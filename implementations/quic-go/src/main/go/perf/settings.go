package perf

import (
	"fmt"
	"net"
	"syscall"
	"time"

	quic "github.com/lucas-clemente/quic-go"
	"github.com/lucas-clemente/quic-go/logging"
)

// QuicGoVersion is the quic-go release these programs were built against. build-go.sh sets it
// with -ldflags -X from the installed package (dpkg); "unknown" when the build could not tell.
var QuicGoVersion = "unknown"

// Receive windows (the flow-control credit we give the peer), the only quic-go settings we
// change. quic-go starts each window at 512 KB and doubles it while the reader drains it within a
// few round trips (auto-tuning), up to 6 MB per stream and 15 MB per connection by default. A
// window caps what the sender may have in flight: 6 MB is 5 ms at 10 Gbit/s, and a client pinned
// to a shared core can be off its core for a scheduler tick (4 ms) or more, so in a multi-GB
// download at loopback speed the default could become the limit rather than the server. We let
// it grow to 16 MiB per stream (13 ms at 10 Gbit/s) and 24 MiB per connection, the bounds quiche
// auto-tunes to in our Netty QUIC programs and kwik's fixed 16 MiB stream window, so the stacks
// are compared on equal credit; quic-go keeps the connection window at least 1.5 times the
// stream window once that grows (its ConnectionFlowControlMultiplier), hence 24. These are upper
// bounds for auto-tuning, not allocations: quic-go holds only what arrived and was not read yet.
// The initial windows stay quic-go's own. (100 MB downloads measured the same with either setting
// on the 2-core development machine; see the README.)
const (
	MaxStreamReceiveWindow     = 16 << 20
	MaxConnectionReceiveWindow = 24 << 20
)

// SocketBuffer is what we ask for SO_RCVBUF and SO_SNDBUF, as every quicperf server and client
// does (16 MiB; Linux caps it at net.core.rmem_max / wmem_max). quic-go by itself only raises the
// receive buffer to 2 MiB.
const SocketBuffer = 16 << 20

// QuicConfig is quic-go's default configuration with our receive windows; tracer may be nil.
func QuicConfig(tracer logging.Tracer) *quic.Config {
	return &quic.Config{
		MaxStreamReceiveWindow:     MaxStreamReceiveWindow,
		MaxConnectionReceiveWindow: MaxConnectionReceiveWindow,
		Tracer:                     tracer,
	}
}

// SetSocketBuffers asks for SocketBuffer in both directions and says in words what the kernel
// granted, with a hint when it capped the request.
func SetSocketBuffers(conn *net.UDPConn) string {
	// Errors here only mean a smaller buffer, which the read-back shows.
	_ = conn.SetReadBuffer(SocketBuffer)
	_ = conn.SetWriteBuffer(SocketBuffer)
	rcv, snd := socketBuffer(conn, syscall.SO_RCVBUF), socketBuffer(conn, syscall.SO_SNDBUF)
	text := fmt.Sprintf("SO_RCVBUF %d, SO_SNDBUF %d", rcv, snd)
	// Linux reports twice what it granted (it counts its bookkeeping too).
	if (rcv >= 0 && rcv < 2*SocketBuffer) || (snd >= 0 && snd < 2*SocketBuffer) {
		text += fmt.Sprintf(" (asked for %d each; raise net.core.rmem_max and net.core.wmem_max to %d for"+
			" numbers not limited by dropped datagrams)", SocketBuffer, SocketBuffer)
	}
	return text
}

func socketBuffer(conn *net.UDPConn, option int) int {
	raw, err := conn.SyscallConn()
	if err != nil {
		return -1
	}
	size := -1
	_ = raw.Control(func(fd uintptr) {
		if v, err := syscall.GetsockoptInt(int(fd), syscall.SOL_SOCKET, option); err == nil {
			size = v
		}
	})
	return size
}

// Millis writes a duration in milliseconds with one decimal, for log lines.
func Millis(d time.Duration) string {
	return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
}

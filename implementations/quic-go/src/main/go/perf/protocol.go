package perf

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"sync"
	"time"

	quic "github.com/lucas-clemente/quic-go"
)

// ALPN is the perf protocol's application protocol name.
const ALPN = "perf"

// HeaderBytes is the request header: the response length as a big-endian u64.
const HeaderBytes = 8

// MaxResponseBytes is the largest response a server agrees to send, 10^12 bytes
// (PerfProtocol.MAX_RESPONSE_BYTES): a bound on time and bandwidth, not memory.
const MaxResponseBytes uint64 = 1_000_000_000_000

// Application error codes for RESET_STREAM and STOP_SENDING (PerfProtocol.StreamError).
const (
	CodeOK             quic.StreamErrorCode = 0
	CodeNotImplemented quic.StreamErrorCode = 1
	CodeRejected       quic.StreamErrorCode = 2
	CodeInvalidData    quic.StreamErrorCode = 3
)

// CodeCancelled is what a server resets its response with when the client reset its request
// before the FIN: the client cancelled, nothing went wrong here (PerfProtocol.CANCELLED).
const CodeCancelled = CodeOK

// CodeName writes a code as the Java side's log lines do: REJECTED(2).
func CodeName(code quic.StreamErrorCode) string {
	switch code {
	case CodeOK:
		return "OK(0)"
	case CodeNotImplemented:
		return "NOT_IMPLEMENTED(1)"
	case CodeRejected:
		return "REJECTED(2)"
	case CodeInvalidData:
		return "INVALID_DATA(3)"
	}
	return "code " + strconv.FormatUint(uint64(code), 10)
}

// Header is the 8 bytes that ask for n response bytes.
func Header(n uint64) [HeaderBytes]byte {
	var h [HeaderBytes]byte
	binary.BigEndian.PutUint64(h[:], n)
	return h
}

// Admit says whether a server answers a request for n bytes (the header's u64, unsigned):
// CodeOK, or CodeRejected above MaxResponseBytes (2^63 and more included).
func Admit(n uint64) quic.StreamErrorCode {
	if n <= MaxResponseBytes {
		return CodeOK
	}
	return CodeRejected
}

// LogRation rations a server's lines about misbehaving streams: at most perSecond in any one
// second, so a peer that opens a million broken streams cannot fill the disk the harness keeps
// the log on; the first line after a quiet spell says how many were left out
// (PerfProtocol.LogRation).
type LogRation struct {
	mu          sync.Mutex
	perSecond   int
	windowStart time.Time
	inWindow    int
	leftOut     int
}

// NewLogRation admits perSecond lines a second.
func NewLogRation(perSecond int) *LogRation {
	return &LogRation{perSecond: perSecond}
}

// Admit returns the line to print at now, or "" when this second's ration is used up.
func (r *LogRation) Admit(line string, now time.Time) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.inWindow == 0 || now.Sub(r.windowStart) >= time.Second {
		r.windowStart = now
		r.inWindow = 0
	}
	if r.inWindow >= r.perSecond {
		r.leftOut++
		return ""
	}
	r.inWindow++
	if r.leftOut == 0 {
		return line
	}
	line = fmt.Sprintf("%s (%d similar line(s) left out before this one)", line, r.leftOut)
	r.leftOut = 0
	return line
}

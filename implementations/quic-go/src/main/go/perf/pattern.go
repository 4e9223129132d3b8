// Package perf is what our quic-go server and client share: the perf protocol of
// draft-banks-quic-performance as quicperf speaks it (dev.quicperf.adapter.PerfProtocol), the
// response byte pattern (dev.quicperf.adapter.PayloadPattern), the response verifier, the quic-go
// settings both sides use, and small helpers for the command lines and the process's CPU time.
package perf

import (
	"bytes"
	"fmt"
	"io"
)

// Period is the pattern's period: the largest prime below 64 KiB, so it never lines up with a
// power-of-two buffer or packet size and a lost, duplicated or swapped chunk shows as a mismatch.
const Period = 65521

// Window is the longest slice of the pattern handed out at once: one quic-go Stream.Write on
// the server, one comparison on the client. quic-go keeps a reference to the slice it is given
// until its packets have taken it (it copies only the last packet's worth), so a large window
// means few wake-ups of the writing goroutine; 256 KiB is about 190 full packets.
const Window = 256 << 10

// block holds the pattern from offset 0 for Period+Window bytes: any Window-long slice of the
// response, at any phase, is one contiguous slice of it. It is built once and never written
// again, which is what lets quic-go read it from several streams at once.
var block = makeBlock()

func makeBlock() []byte {
	b := make([]byte, Period+Window)
	// xorshift64* with the seed and constants of PayloadPattern.java; the top byte of the
	// product is the pattern byte.
	x := uint64(0x9E3779B97F4A7C15)
	for i := 0; i < Period; i++ {
		x ^= x >> 12
		x ^= x << 25
		x ^= x >> 27
		b[i] = byte((x * 0x2545F4914F6CDD1D) >> 56)
	}
	for i := Period; i < len(b); i++ {
		b[i] = b[i-Period]
	}
	return b
}

// Slice returns the pattern bytes at stream offsets [offset, offset+n), n at most Window. The
// slice is shared and must not be written to.
func Slice(offset uint64, n int) []byte {
	if n < 0 || n > Window {
		panic(fmt.Sprintf("perf.Slice: %d bytes asked, at most %d", n, Window))
	}
	phase := int(offset % Period)
	return block[phase : phase+n : phase+n]
}

// WritePattern writes the response bytes at stream offsets [offset, offset+n) to w, Window bytes
// at a time straight from the shared block: nothing is allocated, whatever n is. It returns how
// many bytes w accepted and w's error, if any.
func WritePattern(w io.Writer, offset, n uint64) (uint64, error) {
	var written uint64
	for written < n {
		chunk := n - written
		if chunk > Window {
			chunk = Window
		}
		k, err := w.Write(Slice(offset+written, int(chunk)))
		written += uint64(k)
		if err != nil {
			return written, err
		}
	}
	return written, nil
}

// Verifier counts and checks the bytes of one perf response as they arrive, in order, as
// dev.quicperf.adapter.ResponseVerifier does. Not safe for concurrent use.
type Verifier struct {
	expected      uint64
	received      uint64
	verified      uint64
	firstMismatch int64 // stream offset of the first wrong byte, -1 while there is none
}

// NewVerifier expects a response of n bytes.
func NewVerifier(n uint64) *Verifier {
	return &Verifier{expected: n, firstMismatch: -1}
}

// Accept books the next len(p) bytes of the response and checks them against the pattern, up to
// the first wrong byte (after that it only counts).
func (v *Verifier) Accept(p []byte) {
	if v.firstMismatch < 0 {
		for done := 0; done < len(p); {
			n := len(p) - done
			if n > Window {
				n = Window
			}
			want := Slice(v.received+uint64(done), n)
			got := p[done : done+n]
			if !bytes.Equal(want, got) {
				i := 0
				for want[i] == got[i] {
					i++
				}
				v.firstMismatch = int64(v.received) + int64(done+i)
				v.verified += uint64(done + i)
				break
			}
			v.verified += uint64(n)
			done += n
		}
	}
	v.received += uint64(len(p))
}

// Expected is the length asked for.
func (v *Verifier) Expected() uint64 { return v.expected }

// Received counts every byte that arrived.
func (v *Verifier) Received() uint64 { return v.received }

// Verified counts the bytes that matched the pattern, up to the first wrong one.
func (v *Verifier) Verified() uint64 { return v.verified }

// Problem says why the response is not what was asked for, or "" when it is: the words of
// ResponseVerifier.problem().
func (v *Verifier) Problem() string {
	if v.firstMismatch >= 0 {
		return fmt.Sprintf("payload mismatch at byte %d", v.firstMismatch)
	}
	if v.received != v.expected {
		return fmt.Sprintf("response length %d bytes, expected %d", v.received, v.expected)
	}
	return ""
}

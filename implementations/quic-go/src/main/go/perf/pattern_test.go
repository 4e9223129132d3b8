package perf

import (
	"bytes"
	"errors"
	"hash/fnv"
	"testing"
)

// Taken from dev.quicperf.adapter.PayloadPattern (Java): its first 16 bytes, the last 8 of its
// period, and FNV-1a 64 over one whole period. The Java tests compare longer stretches through
// the quicperf-quic-go-pattern tool.
var (
	javaFirst16     = []byte{0x0d, 0x54, 0xa8, 0x7d, 0x90, 0x9d, 0xd5, 0x67, 0x87, 0xd2, 0x00, 0xbc, 0x26, 0xec, 0x13, 0x54}
	javaLast8       = []byte{0xc5, 0x00, 0x94, 0x89, 0x6f, 0xcc, 0x13, 0x57}
	javaPeriodFnv1a = uint64(0x67656104944b5a90)
)

func TestPatternIsTheJavaOne(t *testing.T) {
	if got := Slice(0, 16); !bytes.Equal(got, javaFirst16) {
		t.Fatalf("first 16 bytes %x, Java has %x", got, javaFirst16)
	}
	if got := Slice(Period-8, 8); !bytes.Equal(got, javaLast8) {
		t.Fatalf("last 8 bytes of the period %x, Java has %x", got, javaLast8)
	}
	h := fnv.New64a()
	h.Write(Slice(0, Period))
	if h.Sum64() != javaPeriodFnv1a {
		t.Fatalf("FNV-1a of one period %x, Java's %x", h.Sum64(), javaPeriodFnv1a)
	}
}

func TestSliceRepeatsWithThePeriodAtAnyPhase(t *testing.T) {
	for _, offset := range []uint64{0, 1, Period - 1, Period, 3*Period + 17, 1_000_000_000_000 - 5} {
		if !bytes.Equal(Slice(offset, Window), Slice(offset+Period, Window)) {
			t.Fatalf("offset %d and one period later differ", offset)
		}
		if Slice(offset, 1)[0] != block[offset%Period] {
			t.Fatalf("offset %d is not block[offset mod period]", offset)
		}
	}
}

// chunkWriter takes at most limit bytes a call, like a stream that accepts part of a write.
type chunkWriter struct {
	buf   bytes.Buffer
	limit int
	fail  int // fail once this many bytes are in, 0: never
}

func (w *chunkWriter) Write(p []byte) (int, error) {
	if len(p) > w.limit {
		p = p[:w.limit]
	}
	if w.fail > 0 && w.buf.Len()+len(p) > w.fail {
		n := w.fail - w.buf.Len()
		w.buf.Write(p[:n])
		return n, errors.New("stream reset")
	}
	return w.buf.Write(p)
}

func TestWritePatternVerifiesAsOneStreamWhateverTheChunks(t *testing.T) {
	const n = 3*Window + 12345
	w := &chunkWriter{limit: 1 << 30}
	if written, err := WritePattern(w, 0, n); err != nil || written != n {
		t.Fatalf("wrote %d, %v", written, err)
	}
	v := NewVerifier(n)
	data := w.buf.Bytes()
	for _, chunk := range []int{1, 1200, Period, Window + 7, 100_000} {
		v.Accept(data[:chunk])
		data = data[chunk:]
	}
	v.Accept(data)
	if p := v.Problem(); p != "" || v.Verified() != n {
		t.Fatalf("verified %d of %d: %s", v.Verified(), n, p)
	}
}

func TestWritePatternStopsAtTheWritersErrorAndSaysHowFar(t *testing.T) {
	w := &chunkWriter{limit: 1000, fail: 2500}
	written, err := WritePattern(w, 0, 10_000)
	if err == nil || written != 2500 {
		t.Fatalf("wrote %d, err %v; want 2500 and the error", written, err)
	}
}

func TestAMismatchIsFoundAtItsStreamOffset(t *testing.T) {
	data := append([]byte(nil), Slice(0, 10_000)...)
	data[7777] ^= 1
	v := NewVerifier(10_000)
	v.Accept(data[:5000])
	v.Accept(data[5000:])
	if v.Problem() != "payload mismatch at byte 7777" || v.Verified() != 7777 || v.Received() != 10_000 {
		t.Fatalf("problem %q, verified %d, received %d", v.Problem(), v.Verified(), v.Received())
	}
}

func TestASwappedChunkIsAMismatch(t *testing.T) {
	v := NewVerifier(8192)
	v.Accept(Slice(4096, 4096))
	v.Accept(Slice(0, 4096))
	if v.Problem() == "" || v.Verified() >= 4096 {
		t.Fatalf("swapped chunks passed: verified %d", v.Verified())
	}
}

func TestAShortOrLongResponseIsNamed(t *testing.T) {
	v := NewVerifier(10)
	v.Accept(Slice(0, 9))
	if v.Problem() != "response length 9 bytes, expected 10" {
		t.Fatalf("problem %q", v.Problem())
	}
	v.Accept(Slice(9, 2))
	if v.Problem() != "response length 11 bytes, expected 10" {
		t.Fatalf("problem %q", v.Problem())
	}
}

func TestAdmitRejectsAboveTheLimitAndTwoToThe63(t *testing.T) {
	cases := map[uint64]bool{0: true, MaxResponseBytes: true, MaxResponseBytes + 1: false, 1 << 63: false, ^uint64(0): false}
	for n, ok := range cases {
		if (Admit(n) == CodeOK) != ok {
			t.Errorf("Admit(%d) = %s", n, CodeName(Admit(n)))
		}
	}
	if h := Header(0x0102030405060708); !bytes.Equal(h[:], []byte{1, 2, 3, 4, 5, 6, 7, 8}) {
		t.Errorf("header %x is not big-endian", h)
	}
}

func TestArgsAreStrict(t *testing.T) {
	if _, err := ParseArgs("p", []string{"--host"}, "host"); err == nil || err.Error() != "p: --host needs a value" {
		t.Errorf("missing value: %v", err)
	}
	if _, err := ParseArgs("p", []string{"-host", "x"}, "host"); err == nil {
		t.Errorf("single dash accepted")
	}
	a, err := ParseArgs("p", []string{"--port", "70000"}, "port")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Port("port"); err == nil {
		t.Errorf("port 70000 accepted")
	}
}

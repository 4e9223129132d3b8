package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"

	quic "github.com/lucas-clemente/quic-go"

	"dev.quicperf/quicgo/perf"
)

// drainBuffers hold the uploads we read and throw away: one buffer per stream being drained, not
// one per stream ever served.
var drainBuffers = sync.Pool{New: func() any {
	b := make([]byte, 64<<10)
	return &b
}}

// serve runs one perf stream: the 8-byte length, the upload drained to its FIN, then that many
// pattern bytes and our FIN. A stream that breaks the protocol gets what PerfProtocol.java asks
// of every server (README, "Hostile peers"); each case ends with both halves of the stream
// finished, reset or stopped, which is when quic-go forgets the stream and gives the client its
// stream credit back. The connection and its other streams carry on.
func (s *server) serve(stream quic.Stream, name string) {
	var header [perf.HeaderBytes]byte
	n, err := io.ReadFull(stream, header[:])
	if err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			stream.CancelWrite(perf.CodeInvalidData)
			s.misbehaviour(fmt.Sprintf("%s: FIN after %d of %d length bytes; RESET_STREAM %s", name, n,
				perf.HeaderBytes, perf.CodeName(perf.CodeInvalidData)))
		} else {
			s.requestBroken(stream, name, 0, err)
		}
		return
	}
	requested := binary.BigEndian.Uint64(header[:])
	if perf.Admit(requested) != perf.CodeOK {
		// At once, without reading the upload: STOP_SENDING tells the client it need not send it.
		stream.CancelRead(perf.CodeRejected)
		stream.CancelWrite(perf.CodeRejected)
		s.misbehaviour(fmt.Sprintf("%s: asks for %d bytes, over the %d limit; STOP_SENDING and RESET_STREAM %s",
			name, requested, perf.MaxResponseBytes, perf.CodeName(perf.CodeRejected)))
		return
	}

	buf := drainBuffers.Get().(*[]byte)
	var uploaded uint64
	for {
		k, err := stream.Read(*buf)
		uploaded += uint64(k)
		if err == io.EOF {
			break
		}
		if err != nil {
			drainBuffers.Put(buf)
			s.requestBroken(stream, name, uploaded, err)
			return
		}
	}
	drainBuffers.Put(buf)

	written, err := perf.WritePattern(stream, 0, requested)
	if err != nil {
		// The client sent STOP_SENDING (quic-go has already reset the response with the client's
		// code, RFC 9000 section 3.5), or the connection closed or timed out. Stop writing.
		stream.CancelWrite(perf.CodeCancelled) // a no-op when quic-go has reset it already
		s.misbehaviour(fmt.Sprintf("%s: response abandoned after %d of %d bytes (%v)", name, written, requested,
			describe(err)))
		return
	}
	stream.Close() // FIN after the last byte
}

// requestBroken: the client reset its request before its FIN, or the connection went away.
// There is nothing to answer; reset the response rather than leave it open.
func (s *server) requestBroken(stream quic.Stream, name string, uploaded uint64, err error) {
	stream.CancelWrite(perf.CodeCancelled)
	s.misbehaviour(fmt.Sprintf("%s: request ended after %d upload bytes without a FIN (%v); RESET_STREAM %s",
		name, uploaded, describe(err), perf.CodeName(perf.CodeCancelled)))
}

func describe(err error) string {
	var se *quic.StreamError
	if errors.As(err, &se) {
		return fmt.Sprintf("the client cancelled the stream with %s", perf.CodeName(se.ErrorCode))
	}
	return err.Error()
}

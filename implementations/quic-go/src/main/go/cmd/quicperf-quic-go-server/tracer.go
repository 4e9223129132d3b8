package main

import (
	"context"
	"net"
	"sync"

	"github.com/lucas-clemente/quic-go/logging"
)

// packetTracer hands every connection a packetCounter. quic-go 0.29 has no statistics API; its
// tracer callbacks are the only place it tells an application what it sent and what it declared
// lost.
//
// The price: with any tracer set, quic-go builds a []logging.Frame for every packet it sends and
// receives (one slice, plus one small struct per STREAM or CRYPTO frame) before calling it, even
// though we only count. That is quic-go's cost of being observed, and it is in every number this
// server produces; see the README for what it measured to.
type packetTracer struct {
	logging.NullTracer
	ended func(packetCounter)
	open  sync.WaitGroup
}

func (t *packetTracer) TracerForConnection(context.Context, logging.Perspective, logging.ConnectionID) logging.ConnectionTracer {
	// quic-go calls this only for a connection it then runs, and calls Close at the end of every run.
	t.open.Add(1)
	return &packetCounter{tracer: t}
}

// packetCounter counts one connection's packets. quic-go calls StartedConnection before the
// connection's run loop starts, and everything else from that loop (packing, loss detection and
// the final Close all happen there), so the fields need no locking.
type packetCounter struct {
	logging.NullConnectionTracer
	tracer   *packetTracer
	peerPort int
	sent     int64
	lost     int64
}

func (c *packetCounter) StartedConnection(_, remote net.Addr, _, _ logging.ConnectionID) {
	if a, ok := remote.(*net.UDPAddr); ok {
		c.peerPort = a.Port
	}
}

// SentPacket counts each QUIC packet, so a datagram of coalesced Initial and Handshake packets
// counts as two, as the other stacks count.
func (c *packetCounter) SentPacket(*logging.ExtendedHeader, logging.ByteCount, *logging.AckFrame, []logging.Frame) {
	c.sent++
}

func (c *packetCounter) LostPacket(logging.EncryptionLevel, logging.PacketNumber, logging.PacketLossReason) {
	c.lost++
}

func (c *packetCounter) Close() {
	c.tracer.ended(*c)
	c.tracer.open.Done()
}

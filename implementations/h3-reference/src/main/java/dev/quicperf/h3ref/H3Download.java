package dev.quicperf.h3ref;

import dev.quicperf.adapter.ClientReport;
import dev.quicperf.adapter.PhaseMarks;
import dev.quicperf.adapter.cpu.ProcessCpu;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DatagramChannel;
import io.netty.handler.codec.http3.DefaultHttp3DataFrame;
import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.http3.Http3DataFrame;
import io.netty.handler.codec.http3.Http3HeadersFrame;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicChannelOption;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One connection of the goodput client: the handshake, then its requests one after the other on
 * request streams of their own, each response streamed through a {@link ResponseCheck} and never
 * held. The timed download is one request; the warm-up may be several (see
 * {@link H3GoodputClient}). Only a {@code timed} run prints the {@link PhaseMarks}.
 *
 * <p>Everything after {@link #execute()} starts runs on the single event-loop thread, so the
 * fields need no synchronisation; the report reaches the main thread through a future. The report
 * describes the last request: handshake, its transfer, the CPU since the connect call.
 */
final class H3Download {

    /** How long we give the stack to send CONNECTION_CLOSE and release its resources. */
    private static final long CLOSE_GRACE_MILLIS = 500;

    /**
     * Read the response once per batch of datagrams ({@link ReadAtBatchEnd}) rather than once per
     * packet. Measured on 100 MB from ngtcp2's server (both pinned, 4 interleaved runs each):
     * 2.2-3.3 Gbps at 2.4-3.5 ms of client CPU per MB, against 1.4-2.0 Gbps at 3.7-5.4 ms/MB per
     * packet. {@code -Dquicperf.h3ref.batchReads=false} reads per packet, for comparison.
     */
    private static final boolean BATCH_READS =
            Boolean.parseBoolean(System.getProperty("quicperf.h3ref.batchReads", "true"));

    /** Stream read buffer: one read drains up to this much of what quiche has reassembled. */
    private static final int STREAM_READ_BUFFER = 65_536;

    private final H3GoodputClient.Options options;
    private final long[] sizes;
    private final long upload;
    private final boolean timed;
    private final CompletableFuture<ClientReport> result = new CompletableFuture<>();
    private final ConnectionEvents events = new ConnectionEvents();

    private InetSocketAddress server;
    private String authority;
    private long t0;
    private ProcessCpu.Mark cpu0;
    private long t1;
    private long t2;
    private int localPort;
    private int next;
    private ResponseCheck check;
    private long uploadAccepted;
    /** The request stream being read, in batches (see {@link ReadAtBatchEnd}). */
    private QuicStreamChannel readingStream;
    /** Set on the loop once the handshake is done; read by the main thread to close it. */
    private volatile QuicChannel quic;

    /**
     * @param sizes  the response sizes to ask for, in order, on this one connection
     * @param upload request body of the last request (0: all are GETs)
     */
    H3Download(H3GoodputClient.Options options, long[] sizes, long upload, boolean timed) {
        this.options = options;
        this.sizes = sizes.clone();
        this.upload = upload;
        this.timed = timed;
        this.check = new ResponseCheck(H3Requests.describe(sizes[0], 0), sizes[0]);
    }

    ClientReport execute() throws Exception {
        server = new InetSocketAddress(H3ClientSettings.address(H3GoodputClient.PROGRAM, options.host()),
                options.port());
        authority = H3Requests.authority(options.host(), server);
        EventLoopGroup group = H3ClientSettings.newEventLoopGroup(H3GoodputClient.PROGRAM);
        Channel udp = null;
        try {
            ChannelHandler codec = H3ClientSettings.clientCodec();
            udp = H3ClientSettings.datagramBootstrap(group, true)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            if (BATCH_READS) {
                                ch.pipeline().addLast(new ReadAtBatchEnd());
                            }
                            ch.pipeline().addLast(codec);
                        }
                    })
                    .bind(H3ClientSettings.bindAddress(server))
                    .sync()
                    .channel();
            H3ClientSettings.reportSocketBuffers(H3GoodputClient.PROGRAM, (DatagramChannel) udp);
            localPort = ((InetSocketAddress) udp.localAddress()).getPort();
            Channel datagrams = udp;
            // Start on the loop so the timeout and every callback share one thread with the state.
            udp.eventLoop().execute(() -> start(datagrams));
            try {
                // The loop enforces the timeout; this only guards against a loop that never answers.
                return result.get(options.timeoutMillis() + 5_000, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                return failure("timeout after " + options.timeoutMillis() + " ms (event loop unresponsive): "
                        + progress(), System.nanoTime());
            }
        } finally {
            QuicChannel connection = quic;
            if (connection != null) {
                connection.eventLoop().execute(() -> closeConnection(connection));
                connection.closeFuture().awaitUninterruptibly(CLOSE_GRACE_MILLIS);
            }
            if (udp != null) {
                udp.close().awaitUninterruptibly(CLOSE_GRACE_MILLIS);
            }
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly(CLOSE_GRACE_MILLIS);
        }
    }

    /**
     * Closes the connection with a transport-level CONNECTION_CLOSE, NO_ERROR, so the server frees
     * it now rather than after its idle timeout.
     *
     * <p>Not the application close with H3_NO_ERROR that HTTP/3 suggests. With it, a connection
     * closed right after its handshake, before the handshake was confirmed and with a Handshake
     * packet to retransmit (a loaded host, the handshakes scenario), sometimes never finished
     * closing in Netty QUIC 4.2.18: quiche went on producing packets for it and the event loop did
     * nothing else, so load runs stalled until their deadline (4 of 32 runs of 300
     * connect-and-close against ngtcp2 on two busy cores; none of 48 with the transport close).
     * An application close has to wait for 1-RTT keys, a transport close does not, which is
     * presumably the difference.
     */
    static void closeConnection(QuicChannel connection) {
        if (connection.isOpen()) {
            connection.close(false, 0, Unpooled.EMPTY_BUFFER);
        }
    }

    private void start(Channel datagrams) {
        datagrams.eventLoop().schedule(() -> fail("timeout after " + options.timeoutMillis() + " ms: " + progress()),
                options.timeoutMillis(), TimeUnit.MILLISECONDS);
        if (timed) {
            PhaseMarks.begin(System.err);
        }
        cpu0 = ProcessCpu.mark();
        t0 = System.nanoTime();
        Future<QuicChannel> connect = QuicChannel.newBootstrap(datagrams)
                .option(QuicChannelOption.SEGMENTED_DATAGRAM_PACKET_ALLOCATOR, H3ClientSettings.segmentedAllocator())
                .handler(events)
                .remoteAddress(server)
                .connect();
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                fail("handshake with " + authority + " failed: " + Failures.describe(f.cause())
                        + events.reasonSuffix());
                return;
            }
            t1 = System.nanoTime();
            quic = connect.getNow();
            quic.closeFuture().addListener(c -> fail("connection closed after " + progress()
                    + events.reasonSuffix()));
            nextRequest();
        });
    }

    private void nextRequest() {
        long bytes = sizes[next];
        long body = next == sizes.length - 1 ? upload : 0;
        check = new ResponseCheck(H3Requests.describe(bytes, body), bytes);
        Http3.newRequestStream(quic, new RequestStream(bytes, body)).addListener(s -> {
            if (!s.isSuccess()) {
                fail("cannot open a request stream: " + Failures.describe(s.cause()) + events.reasonSuffix());
            }
        });
    }

    private String progress() {
        String where = sizes.length > 1 ? "request " + (next + 1) + " of " + sizes.length + ", " : "";
        return t1 == 0 ? where + check.progress() + " (handshake not complete)" : where + check.progress();
    }

    /** The response's FIN arrived and passed its checks: the next request, or the report. */
    private void responded(long t3) {
        if (result.isDone()) {
            return;
        }
        if (++next < sizes.length) {
            nextRequest();
            return;
        }
        long cpu = cpu0.nanosUsed();
        if (timed) {
            System.err.println(PhaseMarks.END);
        }
        long bytes = sizes[sizes.length - 1];
        // Length-checked, not content-checked: see ResponseCheck.
        result.complete(new ClientReport(ClientReport.SCHEMA, H3Reference.ID, H3Reference.version(), true, bytes,
                check.received(), check.received(), uploadAccepted, t1 - t0, t3 - t2, t3 - t0, cpu, localPort, null));
    }

    private void fail(String error) {
        if (!result.isDone()) {
            result.complete(failure(error, System.nanoTime()));
        }
    }

    private ClientReport failure(String error, long now) {
        long handshake = t1 == 0 ? 0 : t1 - t0;
        long transfer = t2 == 0 ? 0 : now - t2;
        long total = t0 == 0 ? 0 : now - t0;
        long cpu = cpu0 == null ? -1 : cpu0.nanosUsed();
        return new ClientReport(ClientReport.SCHEMA, H3Reference.ID, H3Reference.version(), false,
                sizes[sizes.length - 1], check.received(), 0, uploadAccepted, handshake, transfer, total, cpu,
                localPort, error);
    }

    /**
     * Sits in the UDP pipeline in front of the QUIC codec. By default Netty reads a stream as soon
     * as a datagram makes it readable: a buffer, a JNI call and a pass through the HTTP/3 codec
     * per 1.3 KB packet. With auto-read off on the request stream we read it once per batch of
     * datagrams instead (one wake-up, up to 64 GRO reads), after the codec has fed the batch to
     * quiche and before quiche ACKs it.
     */
    private final class ReadAtBatchEnd extends ChannelInboundHandlerAdapter {
        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            QuicStreamChannel s = readingStream;
            if (s != null && s.isActive()) {
                s.read();
            }
            ctx.fireChannelReadComplete();
        }
    }

    /** First in the stream's pipeline: a full read buffer means quiche may hold more of the batch, so read on. */
    private static final class ReadAgainWhenFull extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            boolean full = msg instanceof ByteBuf buf && buf.readableBytes() >= STREAM_READ_BUFFER;
            ctx.fireChannelRead(msg);
            if (full) {
                ctx.read();
            }
        }
    }

    /** One request: its HEADERS (and body) with FIN, then the response read and checked as it streams in. */
    private final class RequestStream extends ChannelInboundHandlerAdapter {

        private final long bytes;
        private final long body;
        private long bodyWritten;
        private boolean started;
        private boolean settled;

        RequestStream(long bytes, long body) {
            this.bytes = bytes;
            this.body = body;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            if (ctx.channel().isActive()) {
                send(ctx);
            }
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            send(ctx);
            ctx.fireChannelActive();
        }

        private void send(ChannelHandlerContext ctx) {
            if (started) {
                return;
            }
            started = true;
            if (BATCH_READS) {
                QuicStreamChannel stream = (QuicStreamChannel) ctx.channel();
                stream.config().setAutoRead(false)
                        .setRecvByteBufAllocator(new FixedRecvByteBufAllocator(STREAM_READ_BUFFER));
                ctx.pipeline().addFirst(new ReadAgainWhenFull());
                readingStream = stream;
                stream.read();
            }
            t2 = System.nanoTime();
            Http3HeadersFrame headers = H3Requests.headers(authority, bytes, body);
            if (body == 0) {
                ctx.writeAndFlush(headers).addListener(f -> finishRequest(ctx, f));
            } else {
                ctx.write(headers).addListener(this::checkWrite);
                writeBody(ctx);
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (bodyWritten < body && ctx.channel().isWritable()) {
                writeBody(ctx);
            }
            ctx.fireChannelWritabilityChanged();
        }

        private void writeBody(ChannelHandlerContext ctx) {
            while (bodyWritten < body && ctx.channel().isWritable()) {
                int length = (int) Math.min(UploadChunks.MAX_CHUNK, body - bodyWritten);
                Http3DataFrame chunk = new DefaultHttp3DataFrame(UploadChunks.slice(bodyWritten, length));
                bodyWritten += length;
                boolean last = bodyWritten == body;
                ctx.write(chunk).addListener(f -> {
                    if (f.isSuccess()) {
                        uploadAccepted += length;
                    }
                    if (last) {
                        finishRequest(ctx, f);
                    } else {
                        checkWrite(f);
                    }
                });
            }
            ctx.flush();
        }

        /** After the request's last write: FIN, which tells the server the request is complete. */
        private void finishRequest(ChannelHandlerContext ctx, Future<? super Void> written) {
            if (checkWrite(written)) {
                ((QuicStreamChannel) ctx.channel()).shutdownOutput().addListener(this::checkWrite);
            }
        }

        private boolean checkWrite(Future<? super Void> f) {
            if (!f.isSuccess()) {
                fail("cannot send " + H3Requests.describe(bytes, body) + ": " + Failures.describe(f.cause())
                        + events.reasonSuffix());
            }
            return f.isSuccess();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                String problem = null;
                if (msg instanceof Http3DataFrame data) {
                    problem = check.data(data.content().readableBytes());
                } else if (msg instanceof Http3HeadersFrame headers) {
                    problem = check.headers(headers.headers());
                }
                if (problem != null) {
                    settle(problem, ctx);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == ChannelInputShutdownEvent.INSTANCE && !settled) {
                // The response's FIN: the server has sent all it will.
                long t3 = System.nanoTime();
                String problem = check.end();
                settle(problem, ctx);
                if (problem == null) {
                    responded(t3);
                }
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!settled) {
                settle("request stream closed before the response's FIN: " + progress() + events.reasonSuffix(), ctx);
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!settled) {
                settle("request stream failed: " + Failures.describe(cause) + " after " + progress()
                        + events.reasonSuffix(), ctx);
            }
        }

        /** Settles the request once: a problem fails the run and drops the stream. */
        private void settle(String problem, ChannelHandlerContext ctx) {
            settled = true;
            if (problem != null) {
                fail(problem);
                ctx.close();
            }
        }
    }
}

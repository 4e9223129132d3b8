package dev.quicperf.nettyquic;

import dev.quicperf.adapter.Args;
import dev.quicperf.adapter.ClientReport;
import dev.quicperf.adapter.PerfProtocol;
import dev.quicperf.adapter.PhaseMarks;
import dev.quicperf.adapter.ResponseVerifier;
import dev.quicperf.adapter.cpu.ProcessCpu;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DatagramChannel;
import io.netty.handler.codec.quic.DefaultQuicStreamFrame;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicChannelOption;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The perf load client on Netty QUIC: one connection, one bidirectional stream carrying the
 * 8-byte request, {@code --upload} pattern bytes and FIN; the response is verified as it
 * streams in. Prints exactly one {@link ClientReport} JSON line on stdout.
 *
 * <p>Exit status: 0 when every requested byte arrived and matched, 1 otherwise (the report says
 * why), 2 for bad arguments.
 */
public final class NettyQuicPerfClient {

    static final String PROGRAM = "netty-quic-client";

    /** How long we give the stack to send CONNECTION_CLOSE and release its resources. */
    private static final long CLOSE_GRACE_MILLIS = 500;

    /** {@code -Dquicperf.debug=true}: phase timings and per-thread CPU on stderr. */
    private static final boolean DEBUG = Boolean.getBoolean("quicperf.debug");

    private static final boolean BATCH_READS =
            Boolean.parseBoolean(System.getProperty("quicperf.nettyquic.batchReads", "true"));

    /** Stream read buffer: one read drains up to this much of what quiche has reassembled. */
    private static final int STREAM_READ_BUFFER = 65_536;

    private NettyQuicPerfClient() {
    }

    public static void main(String[] argv) {
        Options options;
        try {
            Args args = Args.parse(PROGRAM, argv, Set.of("host", "port", "bytes", "upload", "timeout-ms",
                    "warmup-bytes"));
            options = new Options(args.string("host"), args.port("port"), args.longValue("bytes", 0),
                    args.longValue("upload", 0), args.longValue("timeout-ms", 1), args.longValue("warmup-bytes", 0, 0));
            QuicSettings.address(PROGRAM, options.host); // an unknown host is a bad argument too
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        // Only the report goes to stdout, whatever a library prints.
        PrintStream stdout = System.out;
        System.setOut(System.err);

        ClientReport report;
        try {
            String warmupError = options.warmupBytes == 0 ? null : warmUp(options);
            report = warmupError == null ? new NettyQuicPerfClient.Run(options, true).execute()
                    : failureBeforeStart(options, "warm-up download of " + options.warmupBytes + " bytes failed: "
                            + warmupError);
        } catch (Throwable t) {
            t.printStackTrace();
            report = failureBeforeStart(options, "client failed to start: " + describe(t));
        }
        stdout.println(report.toJson());
        stdout.flush();
        System.exit(report.ok() ? 0 : 1);
    }

    /** The untimed download {@code --warmup-bytes} asks for; its error, or null when it succeeded. */
    private static String warmUp(Options options) throws Exception {
        Options warmup = new Options(options.host, options.port, options.warmupBytes, 0, options.timeoutMillis, 0);
        ClientReport report = new NettyQuicPerfClient.Run(warmup, false).execute();
        return report.ok() ? null : report.error();
    }

    private static ClientReport failureBeforeStart(Options options, String error) {
        return new ClientReport(ClientReport.SCHEMA, NettyQuicImplementation.ID, NettyQuicImplementation.stackVersion(),
                false, options.bytes, 0, 0, 0, 0, 0, 0, 0, 0, error);
    }

    static String describe(Throwable t) {
        Throwable root = t;
        while ((root instanceof ExecutionException || root.getMessage() == null) && root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    record Options(String host, int port, long bytes, long upload, long timeoutMillis, long warmupBytes) {
    }

    /**
     * One client run. Everything after {@link #execute()} starts runs on the single event-loop
     * thread, so the fields need no synchronisation; the report is handed to the main thread
     * through a future. Only a {@code timed} run prints the {@link PhaseMarks}.
     */
    private static final class Run {

        private final Options options;

        private long t0;
        private ProcessCpu.Mark cpu0;
        private long t1;
        private long t2;
        private long uploadedAccepted;
        private int localPort;
        private String closeReason;
        /** Set on the loop once the handshake is done; read by the main thread to close it. */
        private volatile QuicChannel quic;
        /** The perf stream once open; read in batches, see {@link ReadAtBatchEnd}. */
        private QuicStreamChannel stream;

        private final boolean timed;
        private final ResponseVerifier verifier;
        private final CompletableFuture<ClientReport> result = new CompletableFuture<>();

        Run(Options options, boolean timed) {
            this.timed = timed;
            this.options = options;
            this.verifier = new ResponseVerifier(options.bytes);
        }

        ClientReport execute() throws Exception {
            ChannelHandler codec = QuicSettings.clientCodec();
            InetSocketAddress server = new InetSocketAddress(QuicSettings.address(PROGRAM, options.host), options.port);

            EventLoopGroup group = QuicSettings.newEventLoopGroup("netty-quic-client");
            Channel udp = null;
            try {
                udp = QuicSettings.datagramBootstrap(group)
                        .handler(new ChannelInitializer<Channel>() {
                            @Override
                            protected void initChannel(Channel ch) {
                                if (BATCH_READS) {
                                    ch.pipeline().addLast(new ReadAtBatchEnd());
                                }
                                ch.pipeline().addLast(codec);
                            }
                        })
                        .bind(QuicSettings.clientBindAddress(server))
                        .sync()
                        .channel();
                QuicSettings.reportSocketBuffers(PROGRAM, (DatagramChannel) udp);
                localPort = ((InetSocketAddress) udp.localAddress()).getPort();
                EventLoop loop = udp.eventLoop();
                Channel datagrams = udp;
                // Start on the loop so the timeout and every callback share one thread with the state.
                loop.execute(() -> start(datagrams, server));

                ClientReport report;
                try {
                    // The loop enforces the timeout; this only guards against a loop that never answers.
                    report = result.get(options.timeoutMillis + 5_000, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    report = failure("timeout after " + options.timeoutMillis + " ms (event loop unresponsive): "
                            + progress(), System.nanoTime());
                }
                if (DEBUG) {
                    ThreadCpu.print(PROGRAM);
                }
                return report;
            } finally {
                long closing = System.nanoTime();
                if (quic != null) {
                    quic.close().awaitUninterruptibly(CLOSE_GRACE_MILLIS);
                }
                if (udp != null) {
                    udp.close().awaitUninterruptibly(CLOSE_GRACE_MILLIS);
                }
                group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly(CLOSE_GRACE_MILLIS);
                if (DEBUG) {
                    System.err.printf("%s: closed in %.1f ms%n", PROGRAM, (System.nanoTime() - closing) / 1e6);
                }
            }
        }

        private void start(Channel datagrams, InetSocketAddress server) {
            datagrams.eventLoop().schedule(() -> {
                if (!result.isDone()) {
                    fail("timeout after " + options.timeoutMillis + " ms: " + progress());
                }
            }, options.timeoutMillis, TimeUnit.MILLISECONDS);

            if (timed) {
                PhaseMarks.begin(System.err);
            }
            cpu0 = ProcessCpu.mark();
            t0 = System.nanoTime();
            Future<QuicChannel> connect = QuicChannel.newBootstrap(datagrams)
                    .option(QuicChannelOption.SEGMENTED_DATAGRAM_PACKET_ALLOCATOR, QuicSettings.segmentedAllocator())
                    .handler(new ConnectionEvents())
                    .streamHandler(new ChannelInboundHandlerAdapter())
                    .remoteAddress(server)
                    .connect();
            connect.addListener(f -> {
                if (!f.isSuccess()) {
                    fail("handshake with " + options.host + ":" + options.port + " failed: " + describe(f.cause()));
                    return;
                }
                t1 = System.nanoTime();
                if (DEBUG) {
                    System.err.printf("%s: handshake %.1f ms (JVM uptime %d ms)%n", PROGRAM, (t1 - t0) / 1e6,
                            java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
                }
                quic = connect.getNow();
                quic.closeFuture().addListener(c -> fail("connection closed" + (closeReason == null ? "" : " ("
                        + closeReason + ")") + " after " + progress()));
                quic.createStream(QuicStreamType.BIDIRECTIONAL, new PerfClientStream()).addListener(s -> {
                    if (!s.isSuccess()) {
                        fail("cannot open a stream: " + describe(s.cause()));
                    }
                });
            });
        }

        private String progress() {
            String received = "received " + verifier.received() + " of " + options.bytes + " bytes";
            return t1 == 0 ? received + " (handshake not complete)" : received;
        }

        private void succeedOrFail(long t3) {
            if (result.isDone()) {
                return;
            }
            long cpu = cpu0.nanosUsed();
            if (timed) {
                System.err.println(PhaseMarks.END);
            }
            String problem = verifier.problem();
            result.complete(new ClientReport(ClientReport.SCHEMA, NettyQuicImplementation.ID,
                    NettyQuicImplementation.stackVersion(), problem == null, options.bytes, verifier.received(),
                    verifier.verified(), uploadedAccepted, t1 - t0, t3 - t2, t3 - t0, cpu, localPort, problem));
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
            return new ClientReport(ClientReport.SCHEMA, NettyQuicImplementation.ID,
                    NettyQuicImplementation.stackVersion(), false, options.bytes, verifier.received(),
                    verifier.verified(), uploadedAccepted, handshake, transfer, total, cpu, localPort, error);
        }

        /**
         * Sits in the UDP pipeline in front of the QUIC codec. By default Netty reads a stream as
         * soon as each datagram makes it readable, so a bulk download costs a buffer allocation,
         * a JNI call and a pipeline pass per 1.3 KB packet. With auto-read off on the stream we
         * read it instead once per batch of datagrams (one epoll wake-up, up to
         * {@code DATAGRAMS_PER_READ} reads, each a GRO batch): here, after the codec has fed the
         * whole batch to quiche and before it sends the ACK for it.
         */
        private final class ReadAtBatchEnd extends ChannelInboundHandlerAdapter {
            @Override
            public void channelReadComplete(ChannelHandlerContext ctx) {
                QuicStreamChannel s = stream;
                if (s != null && s.isActive()) {
                    s.read();
                }
                ctx.fireChannelReadComplete();
            }
        }

        /** Remembers why the peer closed the connection, for the error message. */
        private final class ConnectionEvents extends ChannelInboundHandlerAdapter {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                if (evt instanceof QuicConnectionCloseEvent close) {
                    closeReason = (close.isApplicationClose() ? "application" : "transport") + " error "
                            + close.error() + (close.reason().length == 0 ? ""
                            : ": " + new String(close.reason(), StandardCharsets.UTF_8));
                }
                ctx.fireUserEventTriggered(evt);
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                fail("connection error: " + describe(cause) + " after " + progress());
            }
        }

        /** The request writer and response reader of the one perf stream. */
        private final class PerfClientStream extends ChannelInboundHandlerAdapter {

            private long uploadWritten;
            private boolean uploading;
            private boolean started;

            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
                if (ctx.channel().isActive()) {
                    startRequest(ctx);
                }
            }

            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                startRequest(ctx);
                ctx.fireChannelActive();
            }

            private void startRequest(ChannelHandlerContext ctx) {
                if (started) {
                    return;
                }
                started = true;
                QuicStreamChannel stream = (QuicStreamChannel) ctx.channel();
                if (BATCH_READS) {
                    stream.config().setAutoRead(false)
                            .setRecvByteBufAllocator(new FixedRecvByteBufAllocator(STREAM_READ_BUFFER));
                    Run.this.stream = stream;
                }
                t2 = System.nanoTime();
                ByteBuf header = Unpooled.wrappedBuffer(PerfProtocol.header(options.bytes));
                if (options.upload == 0) {
                    stream.write(new DefaultQuicStreamFrame(header, true)).addListener(this::onUploadWrite);
                } else {
                    stream.write(header).addListener(this::onUploadWrite);
                    uploading = true;
                    writeUpload(ctx);
                }
            }

            @Override
            public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                if (uploading && ctx.channel().isWritable()) {
                    writeUpload(ctx);
                }
                ctx.fireChannelWritabilityChanged();
            }

            private void writeUpload(ChannelHandlerContext ctx) {
                while (uploadWritten < options.upload && ctx.channel().isWritable()) {
                    int length = (int) Math.min(PatternBuffer.MAX_CHUNK, options.upload - uploadWritten);
                    ByteBuf chunk = PatternBuffer.slice(uploadWritten, length);
                    uploadWritten += length;
                    boolean last = uploadWritten == options.upload;
                    Object msg = last ? new DefaultQuicStreamFrame(chunk, true) : chunk;
                    if (last) {
                        uploading = false;
                    }
                    ctx.write(msg).addListener(f -> {
                        if (f.isSuccess()) {
                            uploadedAccepted += length;
                        }
                        onUploadWrite(f);
                    });
                }
            }

            private void onUploadWrite(Future<? super Void> f) {
                if (!f.isSuccess()) {
                    fail("cannot send the request: " + describe(f.cause()));
                }
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                try {
                    if (msg instanceof ByteBuf buf && buf.isReadable()) {
                        int length = buf.readableBytes();
                        verifier.accept(buf.internalNioBuffer(buf.readerIndex(), length));
                        if (BATCH_READS && length >= STREAM_READ_BUFFER) {
                            // A full buffer: quiche may hold more of this batch; keep reading.
                            ctx.read();
                        }
                    }
                } finally {
                    ReferenceCountUtil.release(msg);
                }
            }

            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                if (evt == ChannelInputShutdownEvent.INSTANCE) {
                    // The response's FIN: everything the server will send has been read.
                    succeedOrFail(System.nanoTime());
                }
                ctx.fireUserEventTriggered(evt);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                fail("stream closed before the response's FIN: " + progress());
                ctx.fireChannelInactive();
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                fail("stream error: " + describe(cause) + " after " + progress());
            }
        }
    }
}

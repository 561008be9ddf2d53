package io.flowlens.agent.listen;

import io.flowlens.agent.AgentMetrics;
import io.flowlens.agent.ListenerProtocol;
import io.flowlens.configuration.Cidr;
import io.flowlens.decoders.Addresses;
import io.flowlens.decoders.DropReason;
import io.flowlens.decoders.Protocol;
import io.flowlens.logging.RateLimitedLog;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The channel handler of a listener: checks the exporter against the allow-list, counts the datagram,
 * copies it out of the receive buffer and hands it to the pipeline. It never blocks and releases the
 * buffer on every path; parsing happens elsewhere, on the decode workers.
 */
@Sharable
public final class DatagramHandler extends ChannelInboundHandlerAdapter {
  private static final RateLimitedLog LOG =
      new RateLimitedLog(LoggerFactory.getLogger(DatagramHandler.class), Duration.ofSeconds(10));

  private final ListenerProtocol listener;
  private final Cidr[] allowed;
  private final DatagramSink sink;
  private final AgentMetrics metrics;

  /** {@code allowedExporters} empty accepts every exporter. */
  public DatagramHandler(ListenerProtocol listener, List<Cidr> allowedExporters, DatagramSink sink, AgentMetrics metrics) {
    this.listener = listener;
    this.allowed = allowedExporters.toArray(new Cidr[0]);
    this.sink = sink;
    this.metrics = metrics;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof DatagramPacket packet)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    try {
      long nanos = System.nanoTime();
      ByteBuf content = packet.content();
      byte[] exporter = Addresses.unmapIpv4(packet.sender().getAddress().getAddress());
      Protocol protocol = protocolOf(content);
      if (!isAllowed(exporter)) {
        metrics.dropped(protocol, DropReason.EXPORTER_NOT_ALLOWED, 1);
        return;
      }
      metrics.received(protocol, exporter);
      sink.accept(new ReceivedDatagram(listener, protocol, ByteBufUtil.getBytes(content), exporter,
          packet.sender().getPort(), System.currentTimeMillis(), nanos));
    } finally {
      packet.release();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A UDP socket error (e.g. ICMP feedback) concerns one datagram; the listener keeps running.
    LOG.warn("socket-error:" + ctx.channel().localAddress(), "{} listener {}: {}",
        listener.name().toLowerCase(java.util.Locale.ROOT), ctx.channel().localAddress(), cause.toString());
  }

  private boolean isAllowed(byte[] exporter) {
    if (allowed.length == 0) {
      return true;
    }
    for (Cidr c : allowed) {
      if (c.contains(exporter)) {
        return true;
      }
    }
    return false;
  }

  /** The protocol the datagram's version field names, for the metric labels; decoding checks it again. */
  private Protocol protocolOf(ByteBuf content) {
    if (!listener.isNetflowFamily()) {
      return Protocol.SFLOW_V5;
    }
    if (content.readableBytes() < 2) {
      return Protocol.UNKNOWN;
    }
    return switch (content.getUnsignedShort(content.readerIndex())) {
      case 5 -> Protocol.NETFLOW_V5;
      case 9 -> Protocol.NETFLOW_V9;
      case 10 -> Protocol.IPFIX;
      default -> Protocol.UNKNOWN;
    };
  }
}

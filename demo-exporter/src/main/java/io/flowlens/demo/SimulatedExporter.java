package io.flowlens.demo;

import io.flowlens.demo.encode.DatagramEncoder;
import io.flowlens.demo.encode.IpfixEncoder;
import io.flowlens.demo.encode.NetflowV9Encoder;
import io.flowlens.demo.encode.SflowEncoder;
import io.flowlens.demo.model.RouterProfile;
import io.flowlens.demo.model.TrafficModel;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated router: its traffic, its encoder state and its own UDP socket, so the collector
 * sees a distinct exporter. Towards a loopback IPv4 target the socket binds 127.0.0.(11 + index)
 * so exporters differ by address, not only by port; elsewhere it binds the wildcard address.
 */
final class SimulatedExporter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SimulatedExporter.class);
  private static final int SEND_BUFFER_BYTES = 1 << 20;
  /** The simulated routers have been up for a few days (sysUptime, sFlow uptime). */
  private static final long UPTIME_MILLIS = 3 * 86_400_000L;

  private final RouterProfile router;
  private final TrafficModel traffic;
  private final DatagramEncoder encoder;
  private final ByteBuffer buffer;
  private final DatagramChannel channel;

  private SimulatedExporter(RouterProfile router, TrafficModel traffic, DatagramEncoder encoder, DatagramChannel channel) {
    this.router = router;
    this.traffic = traffic;
    this.encoder = encoder;
    this.channel = channel;
    this.buffer = ByteBuffer.allocateDirect(encoder.maxDatagramBytes());
  }

  /** Opens the socket of router {@code index} and connects it to the target. */
  static SimulatedExporter open(DemoExporterConfig config, int index, long nowMillis) throws IOException {
    InetAddress target = config.target().getAddress();
    boolean loopback4 = target instanceof Inet4Address && target.isLoopbackAddress();
    byte[] local = {127, 0, 0, (byte) (11 + index)};
    byte[] agent = loopback4 ? local : new byte[] {10, (byte) 255, 0, (byte) (11 + index)};
    RouterProfile router = RouterProfile.simulated(index, agent);
    TrafficModel traffic = new TrafficModel(router, config.seed());
    long boot = nowMillis - UPTIME_MILLIS - index * 3_600_000L;
    DatagramEncoder encoder = switch (config.protocol()) {
      case NETFLOW9 -> new NetflowV9Encoder(router.observationDomainId(), config.samplingRate(), boot,
          config.templateInterval(), config.maxDatagramBytes());
      case IPFIX -> new IpfixEncoder(router.observationDomainId(), config.samplingRate(),
          config.templateInterval(), config.maxDatagramBytes());
      case SFLOW -> new SflowEncoder(router, config.samplingRate(), boot, config.counterInterval(),
          config.maxDatagramBytes());
    };
    DatagramChannel channel = null;
    if (loopback4) {
      channel = bound(new InetSocketAddress(InetAddress.getByAddress(local), 0));
    }
    if (channel == null) {
      channel = DatagramChannel.open(target instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
      channel.bind(null);
    }
    try {
      channel.setOption(StandardSocketOptions.SO_SNDBUF, SEND_BUFFER_BYTES);
      channel.connect(config.target());
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    return new SimulatedExporter(router, traffic, encoder, channel);
  }

  /** A socket bound to {@code local}, or null where that address cannot be bound (127/8 beyond .1 on macOS). */
  private static DatagramChannel bound(InetSocketAddress local) throws IOException {
    DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
    try {
      channel.bind(local);
      return channel;
    } catch (IOException e) {
      channel.close();
      LOG.warn("cannot bind {} ({}); this exporter sends from the wildcard address", local.getAddress().getHostAddress(), e.toString());
      return null;
    }
  }

  /** Encodes one datagram of at most {@code maxFlows} flows into the reusable buffer. */
  int encode(int maxFlows, long nowMillis) {
    return encoder.encode(buffer, traffic, maxFlows, nowMillis);
  }

  /** The size of the datagram {@link #encode} last wrote. */
  int encodedBytes() {
    return buffer.limit();
  }

  /** Sends the datagram {@link #encode} last wrote. */
  void send() throws IOException {
    buffer.rewind();
    channel.write(buffer);
  }

  int maxFlowsPerDatagram() {
    return encoder.maxFlowsPerDatagram();
  }

  RouterProfile router() {
    return router;
  }

  InetSocketAddress localAddress() throws IOException {
    return (InetSocketAddress) channel.getLocalAddress();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}

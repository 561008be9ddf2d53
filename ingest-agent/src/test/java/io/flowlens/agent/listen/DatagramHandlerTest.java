package io.flowlens.agent.listen;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.agent.AgentMetrics;
import io.flowlens.agent.ListenerProtocol;
import io.flowlens.agent.NetflowV5Datagrams;
import io.flowlens.configuration.Cidr;
import io.flowlens.configuration.MetricsConfig;
import io.flowlens.decoders.Protocol;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DatagramHandlerTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AgentMetrics metrics = new AgentMetrics(newMetricsConfig(), registry);
  private final List<ReceivedDatagram> accepted = new ArrayList<>();
  private EmbeddedChannel channel;

  private static MetricsConfig newMetricsConfig() {
    try {
      return new io.flowlens.configuration.ConfigLoader(java.util.Map.of()).parse("", MetricsConfig.class, "test");
    } catch (io.flowlens.configuration.ConfigException e) {
      throw new AssertionError(e);
    }
  }

  @AfterEach
  void closeChannel() {
    if (channel != null) {
      channel.finishAndReleaseAll();
    }
  }

  private DatagramHandler handler(ListenerProtocol protocol, List<Cidr> allowed) {
    DatagramHandler h = new DatagramHandler(protocol, allowed, accepted::add, metrics);
    channel = new EmbeddedChannel(h);
    return h;
  }

  private ByteBuf send(byte[] payload, String sender, int port) throws Exception {
    ByteBuf buf = Unpooled.wrappedBuffer(payload);
    channel.writeInbound(new DatagramPacket(buf, new InetSocketAddress(InetAddress.getByName("::1"), 2055),
        new InetSocketAddress(InetAddress.getByName(sender), port)));
    return buf;
  }

  private double received(String protocol, String exporter) {
    Counter c = registry.find("flow_received_packets").tags("protocol", protocol, "exporter", exporter).counter();
    return c == null ? 0 : c.count();
  }

  private double dropped(String protocol, String reason) {
    Counter c = registry.find("flow_dropped_records").tags("protocol", protocol, "reason", reason).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void shouldCopyTheDatagramWithItsExporterAndCountIt() throws Exception {
    handler(ListenerProtocol.NETFLOW9, List.of());
    byte[] payload = NetflowV5Datagrams.datagram(7, 2, 0);
    ByteBuf buf = send(payload, "192.0.2.7", 50_000);

    assertThat(accepted).singleElement().satisfies(d -> {
      assertThat(d.payload()).isEqualTo(payload).hasSize(payload.length);
      assertThat(d.exporter()).containsExactly(192, 0, 2, 7);
      assertThat(d.port()).isEqualTo(50_000);
      assertThat(d.listener()).isEqualTo(ListenerProtocol.NETFLOW9);
      assertThat(d.protocol()).isEqualTo(Protocol.NETFLOW_V5);
      assertThat(d.receivedAtMillis()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(5000L));
    });
    assertThat(buf.refCnt()).isZero();
    assertThat(received("netflow5", "192.0.2.7")).isEqualTo(1);
  }

  @Test
  void shouldTurnIpv4MappedSendersIntoIpv4() throws Exception {
    handler(ListenerProtocol.SFLOW, List.of(Cidr.parse("192.0.2.0/24")));
    InetAddress mapped = InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff,
        (byte) 192, 0, 2, 9});
    ByteBuf buf = Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 5});
    channel.writeInbound(new DatagramPacket(buf, new InetSocketAddress(6343), new InetSocketAddress(mapped, 1234)));

    assertThat(accepted).singleElement().satisfies(d -> assertThat(d.exporter()).containsExactly(192, 0, 2, 9));
    assertThat(received("sflow", "192.0.2.9")).isEqualTo(1);
    assertThat(buf.refCnt()).isZero();
  }

  @Test
  void shouldDropAndCountExportersOutsideTheAllowList() throws Exception {
    handler(ListenerProtocol.IPFIX, List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("2001:db8::/32")));
    ByteBuf refused = send(new byte[] {0, 10, 0, 16}, "192.0.2.1", 4739);
    send(new byte[] {0, 10, 0, 16}, "10.9.8.7", 4739);
    send(new byte[] {0, 9, 0, 1}, "2001:db8::5", 4739);

    assertThat(accepted).extracting(ReceivedDatagram::protocol).containsExactly(Protocol.IPFIX, Protocol.NETFLOW_V9);
    assertThat(refused.refCnt()).isZero();
    assertThat(dropped("ipfix", "exporter_not_allowed")).isEqualTo(1);
    assertThat(received("ipfix", "192.0.2.1")).isZero();
    assertThat(received("ipfix", "10.9.8.7")).isEqualTo(1);
    assertThat(received("netflow9", "2001:db8::5")).isEqualTo(1);
  }

  @Test
  void shouldLabelDatagramsWithoutAKnownVersionUnknown() throws Exception {
    handler(ListenerProtocol.NETFLOW9, List.of());
    send(new byte[] {0, 42, 1, 2}, "192.0.2.1", 2055);
    send(new byte[] {1}, "192.0.2.1", 2055);
    assertThat(accepted).extracting(ReceivedDatagram::protocol).containsOnly(Protocol.UNKNOWN);
    assertThat(received("unknown", "192.0.2.1")).isEqualTo(2);
  }

  @Test
  void shouldReleaseTheBufferWhenThePipelineFails() throws Exception {
    channel = new EmbeddedChannel(new DatagramHandler(ListenerProtocol.NETFLOW9, List.of(), d -> {
      throw new IllegalStateException("pipeline failure");
    }, metrics));
    ByteBuf buf = Unpooled.wrappedBuffer(NetflowV5Datagrams.datagram(1, 1, 0));
    try {
      channel.writeInbound(new DatagramPacket(buf, new InetSocketAddress(2055),
          new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 9)));
    } catch (IllegalStateException expected) {
      // EmbeddedChannel rethrows what the handler threw; the point is the buffer below.
    }
    assertThat(buf.refCnt()).isZero();
  }
}

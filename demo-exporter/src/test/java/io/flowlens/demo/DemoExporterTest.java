package io.flowlens.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import io.flowlens.decoders.DatagramDecoder;
import io.flowlens.decoders.DecodeResult;
import io.flowlens.decoders.ExportSource;
import io.flowlens.decoders.NetflowDecoder;
import io.flowlens.decoders.sflow.SflowDecoder;
import io.flowlens.decoders.template.TemplateCache;
import io.flowlens.schema.AddressText;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DemoExporterTest {
  private DatagramChannel receiver;
  private Thread reader;
  private final AtomicLong datagrams = new AtomicLong();
  private final AtomicLong flows = new AtomicLong();
  private final Set<String> sources = ConcurrentHashMap.newKeySet();
  private final Set<String> agents = ConcurrentHashMap.newKeySet();
  private final List<String> decodeProblems = new CopyOnWriteArrayList<>();
  private final DatagramDecoder netflow = new NetflowDecoder(new TemplateCache());
  private final DatagramDecoder sflow = new SflowDecoder();

  @BeforeEach
  void listen() throws IOException {
    receiver = DatagramChannel.open();
    receiver.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
    receiver.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  @AfterEach
  void stop() throws Exception {
    receiver.close();
    if (reader != null) {
      reader.join(5_000);
    }
    assertThat(decodeProblems).as("what flowlens's decoders dropped of the demo traffic").isEmpty();
  }

  private InetSocketAddress target() throws IOException {
    return (InetSocketAddress) receiver.getLocalAddress();
  }

  /** Counts datagrams and the flow records in them, as a collector would. */
  private void read(DemoProtocol protocol) {
    reader = new Thread(() -> {
      ByteBuffer buf = ByteBuffer.allocate(65_536);
      try {
        while (true) {
          buf.clear();
          SocketAddress from = receiver.receive(buf);
          buf.flip();
          sources.add(AddressText.format(((InetSocketAddress) from).getAddress().getAddress()));
          datagrams.incrementAndGet();
          flows.addAndGet(countFlows(protocol, buf, (InetSocketAddress) from));
        }
      } catch (IOException closed) {
        // the test closed the receiver
      }
    }, "test-receiver");
    reader.start();
  }

  /**
   * Decodes a datagram with flowlens's own decoders, as the agent will: the flows it holds, and a
   * failure for anything the decoder had to drop (the demo exporter must send nothing it rejects).
   */
  private long countFlows(DemoProtocol protocol, ByteBuffer d, InetSocketAddress from) {
    DatagramDecoder decoder = protocol == DemoProtocol.SFLOW ? sflow : netflow;
    DecodeResult result = decoder.decode(Unpooled.wrappedBuffer(d),
        new ExportSource(from.getAddress().getAddress(), from.getPort(), System.currentTimeMillis()));
    if (!result.drops().isEmpty()) {
      decodeProblems.add(result.drops() + " " + result.malformedDetail());
    }
    result.flows().stream().map(f -> AddressText.format(f.getExporterAddress().array())).forEach(agents::add);
    return result.flows().size();
  }

  private static DemoExporterConfig steady(InetSocketAddress target, DemoProtocol protocol, double rate, Duration duration) {
    return DemoExporterConfig.defaults(target, protocol)
        .withRate(rate)
        .withDuration(duration)
        .withShape(Duration.ofHours(24), 0, false)
        .withProgressInterval(Duration.ofMillis(500));
  }

  private void awaitReceived(long expected) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (datagrams.get() < expected && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  @Test
  void shouldSendWhatTheSummaryReportsAtAboutTheConfiguredRate() throws Exception {
    read(DemoProtocol.NETFLOW9);
    DemoSummary summary = new DemoExporter(steady(target(), DemoProtocol.NETFLOW9, 2_000, Duration.ofSeconds(2))).run();
    awaitReceived(summary.datagrams());

    assertThat(datagrams.get()).isEqualTo(summary.datagrams());
    assertThat(flows.get()).isEqualTo(summary.flows());
    assertThat(summary.sendErrors()).isZero();
    assertThat(summary.elapsed()).isBetween(Duration.ofMillis(1_900), Duration.ofSeconds(4));
    // generous: pacing is checked by the throughput harness, not by timing assertions here
    assertThat(summary.flowsPerSecond()).isBetween(1_400.0, 2_600.0);
    // three routers, each from its own loopback address
    assertThat(sources).containsExactlyInAnyOrder("127.0.0.11", "127.0.0.12", "127.0.0.13");
    assertThat(summary.describe()).startsWith("demo-exporter netflow9 -> 127.0.0.1:" + target().getPort() + ": ");
  }

  @Test
  void shouldPaceIpfixAtAHighRateInFullDatagrams() throws Exception {
    read(DemoProtocol.IPFIX);
    DemoSummary summary = new DemoExporter(steady(target(), DemoProtocol.IPFIX, 50_000, Duration.ofSeconds(1))).run();
    awaitReceived(summary.datagrams());

    assertThat(flows.get()).isEqualTo(summary.flows());
    assertThat(summary.flowsPerSecond()).isBetween(35_000.0, 65_000.0);
    // at this rate datagrams are full: about 19 records each
    assertThat(summary.flows() / (double) summary.datagrams()).isGreaterThan(15);
  }

  @Test
  void shouldRunInTheBackgroundUntilClosed() throws Exception {
    read(DemoProtocol.SFLOW);
    DemoExporter exporter = new DemoExporter(steady(target(), DemoProtocol.SFLOW, 1_000, null).withExporters(2));
    assertThat(exporter.summary().datagrams()).as("inert until started").isZero();
    exporter.start();
    awaitReceived(20);
    exporter.close();
    DemoSummary summary = exporter.summary();
    awaitReceived(summary.datagrams());
    Thread.sleep(200);

    assertThat(summary.datagrams()).isGreaterThanOrEqualTo(20);
    assertThat(exporter.summary().datagrams()).as("nothing sent after close").isEqualTo(summary.datagrams());
    assertThat(datagrams.get()).isEqualTo(summary.datagrams());
    assertThat(flows.get()).isEqualTo(summary.flows());
    assertThat(agents).containsExactlyInAnyOrder("127.0.0.11", "127.0.0.12");
  }

  @Test
  void shouldCountSendErrorsAndKeepGoingWhenNobodyListens() throws Exception {
    InetSocketAddress closed = target();
    receiver.close();
    DemoSummary summary = new DemoExporter(steady(closed, DemoProtocol.IPFIX, 2_000, Duration.ofMillis(800))).run();

    // connected UDP sockets report the ICMP port unreachable on a following send
    assertThat(summary.sendErrors()).isPositive();
    assertThat(summary.datagrams()).isPositive();
    assertThat(summary.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(750));
  }

  @Test
  void shouldRefuseToStartTwice() throws Exception {
    try (DemoExporter exporter = new DemoExporter(steady(target(), DemoProtocol.NETFLOW9, 100, null))) {
      exporter.start();
      assertThatThrownBy(exporter::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("already started");
    }
  }
}

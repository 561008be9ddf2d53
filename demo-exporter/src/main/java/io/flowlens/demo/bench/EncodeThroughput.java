package io.flowlens.demo.bench;

import io.flowlens.demo.DemoExporter;
import io.flowlens.demo.DemoExporterConfig;
import io.flowlens.demo.DemoProtocol;
import io.flowlens.demo.DemoSummary;
import io.flowlens.demo.encode.DatagramEncoder;
import io.flowlens.demo.encode.IpfixEncoder;
import io.flowlens.demo.encode.NetflowV9Encoder;
import io.flowlens.demo.encode.SflowEncoder;
import io.flowlens.demo.model.RouterProfile;
import io.flowlens.demo.model.TrafficModel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Locale;

/**
 * Throughput harness: how many flow records per second one thread encodes (traffic model +
 * encoder, no I/O) for each protocol, and with {@code --paced RATE} how close the full demo
 * exporter (model, encoders, pacing, UDP sends over loopback to a socket nobody reads) gets to a
 * target rate. Prints records/s; a harness, not a test.
 *
 * <pre>
 * java -cp demo-exporter/target/classes io.flowlens.demo.bench.EncodeThroughput [SECONDS]
 * java -cp demo-exporter/target/classes:$SLF4J_API_JAR io.flowlens.demo.bench.EncodeThroughput --paced 1000000 [SECONDS]
 * </pre>
 */
public final class EncodeThroughput {
  private EncodeThroughput() {}

  public static void main(String[] args) throws IOException {
    if (args.length >= 2 && args[0].equals("--paced")) {
      paced(Double.parseDouble(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 10);
      return;
    }
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    for (DemoProtocol protocol : DemoProtocol.values()) {
      measure(protocol, 2, false);
      measure(protocol, seconds, true);
    }
  }

  private static void measure(DemoProtocol protocol, int seconds, boolean print) {
    RouterProfile router = RouterProfile.simulated(0, new byte[] {10, (byte) 255, 0, 11});
    TrafficModel model = new TrafficModel(router, 1);
    long now = System.currentTimeMillis();
    DatagramEncoder encoder = switch (protocol) {
      case NETFLOW9 -> new NetflowV9Encoder(101, 1, now - 86_400_000L, 20, 1400);
      case IPFIX -> new IpfixEncoder(101, 1, 20, 1400);
      case SFLOW -> new SflowEncoder(router, 1, now - 86_400_000L, 10, 1400);
    };
    ByteBuffer out = ByteBuffer.allocateDirect(encoder.maxDatagramBytes());
    long flows = 0;
    long datagrams = 0;
    long bytes = 0;
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    long t;
    do {
      long millis = System.currentTimeMillis();
      for (int i = 0; i < 256; i++) {
        flows += encoder.encode(out, model, Integer.MAX_VALUE, millis);
        bytes += out.remaining();
        datagrams++;
      }
      t = System.nanoTime();
    } while (t < end);
    if (print) {
      double s = (t - start) / 1e9;
      System.out.printf(Locale.ROOT, "encode %-8s %,12.0f flows/s %,10.0f datagrams/s %,8.1f MB/s (one thread, %d s)%n",
          protocol.cliName(), flows / s, datagrams / s, bytes / s / 1e6, seconds);
    }
  }

  private static void paced(double rate, int seconds) throws IOException {
    try (DatagramChannel sink = DatagramChannel.open()) {
      sink.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      for (DemoProtocol protocol : DemoProtocol.values()) {
        DemoExporterConfig config = DemoExporterConfig.defaults((InetSocketAddress) sink.getLocalAddress(), protocol)
            .withRate(rate)
            .withDuration(Duration.ofSeconds(seconds))
            .withShape(Duration.ofHours(24), 0, false)
            .withProgressInterval(Duration.ZERO);
        DemoSummary summary = new DemoExporter(config).run();
        System.out.printf(Locale.ROOT, "paced  %-8s target %,12.0f flows/s achieved %,12.0f flows/s (%,.0f datagrams/s)%n",
            protocol.cliName(), rate, summary.flowsPerSecond(), summary.datagrams() / (summary.elapsed().toNanos() / 1e9));
      }
    }
  }
}

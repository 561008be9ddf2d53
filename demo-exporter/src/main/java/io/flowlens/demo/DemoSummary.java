package io.flowlens.demo;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;

/**
 * What a demo exporter has sent so far, or in all.
 *
 * @param datagrams datagrams handed to the socket without error
 * @param flows flow records (NetFlow/IPFIX data records, sFlow flow samples) in those datagrams
 * @param bytes UDP payload bytes of those datagrams
 * @param sendErrors datagrams the socket refused (for example after an ICMP port unreachable)
 * @param elapsed time since sending started
 */
public record DemoSummary(
    DemoProtocol protocol, InetSocketAddress target, long datagrams, long flows, long bytes, long sendErrors, Duration elapsed) {

  /** The achieved flow rate, 0 before any time has passed. */
  public double flowsPerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds <= 0 ? 0 : flows / seconds;
  }

  /** The log line: "demo-exporter netflow9 -> 127.0.0.1:2055: 1,204,000 flows in 10.0 s (120,400 flows/s), 0 send errors". */
  public String describe() {
    return String.format(Locale.ROOT, "demo-exporter %s -> %s:%d: %,d flows in %.1f s (%,.0f flows/s), %,d datagrams, %,d bytes, %,d send errors",
        protocol.cliName(), target.getHostString(), target.getPort(), flows, elapsed.toNanos() / 1e9, flowsPerSecond(),
        datagrams, bytes, sendErrors);
  }
}

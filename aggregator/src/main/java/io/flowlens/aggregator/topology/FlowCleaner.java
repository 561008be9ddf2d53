package io.flowlens.aggregator.topology;

import io.flowlens.aggregator.AggregatorConfig.WindowClock;
import io.flowlens.aggregator.enrich.AddressLookup;
import io.flowlens.aggregator.enrich.GeoInfo;
import io.flowlens.aggregator.window.NormalizedFlow;
import io.flowlens.schema.FlowRecord;
import java.nio.ByteBuffer;

/**
 * Validates, normalises and enriches one flow record: the pure part of the first stage, with no
 * Kafka in it. IPv4-mapped IPv6 addresses ({@code ::ffff:a.b.c.d}) become IPv4 so that one host is one
 * series whatever the exporter's socket family; bytes and packets are multiplied by the sampling rate
 * (0, unknown, counts as 1); with the {@code flow_end} clock a flow without an end time is placed by
 * its receive time.
 */
final class FlowCleaner {
  private static final byte[] NO_ADDRESS = new byte[0];

  private final WindowClock clock;
  private final AddressLookup lookup;

  FlowCleaner(WindowClock clock, AddressLookup lookup) {
    this.clock = clock;
    this.lookup = lookup;
  }

  /** Why {@code r} cannot be used, or null when it can. */
  DropReason check(FlowRecord r) {
    int src = r.getSrcAddr().remaining();
    int dst = r.getDstAddr().remaining();
    if (src == 0 || dst == 0) {
      return DropReason.NO_ADDRESS;
    }
    if ((src != 4 && src != 16) || (dst != 4 && dst != 16)) {
      return DropReason.BAD_ADDRESS;
    }
    if (r.getPackets() < 0 || r.getSamplingRate() < 0) {
      return DropReason.NEGATIVE_COUNTER;
    }
    if (r.getBytes() <= 0) {
      return DropReason.NO_BYTES;
    }
    if (r.getTimeReceivedMs() <= 0) {
      return DropReason.NO_TIMESTAMP;
    }
    return null;
  }

  /** The normalised, enriched flow of a record that passed {@link #check}. */
  NormalizedFlow normalize(FlowRecord r) {
    byte[] src = address(r.getSrcAddr());
    byte[] dst = address(r.getDstAddr());
    long rate = r.getSamplingRate() == 0 ? 1 : r.getSamplingRate();
    long time = clock == WindowClock.FLOW_END && r.getFlowEndMs() > 0 ? r.getFlowEndMs() : r.getTimeReceivedMs();
    GeoInfo srcGeo = lookup.lookup(src);
    GeoInfo dstGeo = lookup.lookup(dst);
    return new NormalizedFlow(address(r.getExporterAddress()), src, dst, r.getSrcPort(), r.getDstPort(), r.getProto(),
        r.getInIf(), r.getOutIf(), r.getTos(), direction(r), saturatingMultiply(r.getBytes(), rate),
        saturatingMultiply(r.getPackets(), rate), time, r.getTimeReceivedMs(), srcGeo, dstGeo,
        srcGeo.asn() != 0 ? srcGeo.asn() : r.getSrcAs(), dstGeo.asn() != 0 ? dstGeo.asn() : r.getDstAs());
  }

  private static String direction(FlowRecord r) {
    return switch (r.getDirection()) {
      case INGRESS -> "ingress";
      case EGRESS -> "egress";
      default -> "unknown";
    };
  }

  private static long saturatingMultiply(long value, long rate) {
    long high = Math.multiplyHigh(value, rate);
    long low = value * rate;
    return (high == 0 && low >= 0) ? low : Long.MAX_VALUE;
  }

  /** The address bytes, IPv4-mapped IPv6 as IPv4. */
  static byte[] address(ByteBuffer buffer) {
    int n = buffer.remaining();
    if (n == 0) {
      return NO_ADDRESS;
    }
    int p = buffer.position();
    if (n == 16 && isIpv4Mapped(buffer, p)) {
      byte[] v4 = new byte[4];
      buffer.get(p + 12, v4);
      return v4;
    }
    byte[] a = new byte[n];
    buffer.get(p, a);
    return a;
  }

  private static boolean isIpv4Mapped(ByteBuffer b, int p) {
    for (int i = 0; i < 10; i++) {
      if (b.get(p + i) != 0) {
        return false;
      }
    }
    return b.get(p + 10) == (byte) 0xff && b.get(p + 11) == (byte) 0xff;
  }
}

package io.flowlens.aggregator.window;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The cumulative counters of one series since it was first seen (the {@code *_total} counters), with
 * the bookkeeping the caps need: when it last saw a flow and how many bytes since the last maintenance
 * pass (its recent weight when the caps choose the heaviest series).
 */
public record Totals(long bytes, long packets, long flows, long lastSeenMs, long recentBytes) {
  private static final int SIZE = 40;

  public Totals add(long b, long p, long f, long seenMs) {
    return new Totals(bytes + b, packets + p, flows + f, Math.max(lastSeenMs, seenMs), recentBytes + b);
  }

  /** The counters of a series folded into this one; its recent bytes count as this one's. */
  public Totals absorb(Totals other, long seenMs) {
    return new Totals(bytes + other.bytes, packets + other.packets, flows + other.flows, Math.max(lastSeenMs, seenMs),
        recentBytes + other.recentBytes);
  }

  public Totals withoutRecent() {
    return new Totals(bytes, packets, flows, lastSeenMs, 0);
  }

  /** The fixed 40-byte serde of the totals store. */
  public static Serde<Totals> serde() {
    return Serdes.serdeFrom((topic, t) -> t == null ? null
        : ByteBuffer.allocate(SIZE).putLong(t.bytes).putLong(t.packets).putLong(t.flows).putLong(t.lastSeenMs)
            .putLong(t.recentBytes).array(),
        (topic, data) -> {
          if (data == null) {
            return null;
          }
          ByteBuffer b = ByteBuffer.wrap(data);
          return new Totals(b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong());
        });
  }
}

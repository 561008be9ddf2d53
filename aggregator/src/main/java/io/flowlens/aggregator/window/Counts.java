package io.flowlens.aggregator.window;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Bytes, packets and flows of one series in one window (bytes and packets already scaled by the
 * sampling rate; flows is the number of flow records).
 */
public record Counts(long bytes, long packets, long flows) {
  public static final Counts ZERO = new Counts(0, 0, 0);
  private static final int SIZE = 24;

  public Counts plus(long b, long p, long f) {
    return new Counts(bytes + b, packets + p, flows + f);
  }

  /** The fixed 24-byte serde of window stores. */
  public static Serde<Counts> serde() {
    return Serdes.serdeFrom((topic, c) -> c == null ? null
        : ByteBuffer.allocate(SIZE).putLong(c.bytes).putLong(c.packets).putLong(c.flows).array(),
        (topic, data) -> {
          if (data == null) {
            return null;
          }
          ByteBuffer b = ByteBuffer.wrap(data);
          return new Counts(b.getLong(), b.getLong(), b.getLong());
        });
  }
}

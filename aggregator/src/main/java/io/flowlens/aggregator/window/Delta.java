package io.flowlens.aggregator.window;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What the flows of one series in one time bucket add, as it travels through the repartition topic.
 * A bucket is as long as the hop of the rolling windows ({@link WindowRing#hopMillis}), so every slot
 * of the ring holds whole buckets and summing flows per bucket loses nothing.
 *
 * @param bucketStartMs start of the time bucket on the configured clock
 * @param earliestReceivedMs the earliest receive time among the summed flows (for the end-to-end latency)
 */
public record Delta(long bucketStartMs, long earliestReceivedMs, long bytes, long packets, long flows) {
  private static final int SIZE = 40;

  public Delta plus(Delta d) {
    return new Delta(bucketStartMs, Math.min(earliestReceivedMs, d.earliestReceivedMs), bytes + d.bytes,
        packets + d.packets, flows + d.flows);
  }

  /** The fixed 40-byte serde of the repartition topic and the combiner store. */
  public static Serde<Delta> serde() {
    return Serdes.serdeFrom((topic, d) -> d == null ? null
        : ByteBuffer.allocate(SIZE).putLong(d.bucketStartMs).putLong(d.earliestReceivedMs).putLong(d.bytes)
            .putLong(d.packets).putLong(d.flows).array(),
        (topic, data) -> {
          if (data == null) {
            return null;
          }
          ByteBuffer b = ByteBuffer.wrap(data);
          return new Delta(b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong());
        });
  }
}

package io.flowlens.aggregator.window;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;

/**
 * Many {@link Delta}s bound for one partition of the repartition topic, each with its series key, in
 * one Kafka record. Sending each series' delta as a record of its own cost a produce, a broker append,
 * a fetch and a pass through Kafka Streams' per-record machinery for every delta: with many distinct
 * series (talkers under a flood) that was more than the whole aggregation. A batch holds the deltas of
 * one flush that belong to the same partition, that is to the same owner of their series.
 *
 * <pre>
 * byte 0   format version (1)
 * then per delta: int key length, the series key ({@link SeriesKeyCodec}),
 *                 long bucket start, long earliest receive time, long bytes, long packets, long flows
 * </pre>
 */
public final class DeltaBatch {
  private static final byte VERSION = 1;
  private static final int DELTA_BYTES = 4 + 5 * 8;

  private final byte[] data;

  private DeltaBatch(byte[] data) {
    this.data = data;
  }

  /**
   * The partition of the repartition topic that owns {@code seriesKey}: the one Kafka's default
   * partitioner picks for that key (murmur2 of its bytes), so a series stays with the owner of its state.
   */
  public static int partitionOf(byte[] seriesKey, int partitions) {
    return Utils.toPositive(Utils.murmur2(seriesKey)) % partitions;
  }

  /** What a batch hands to {@link #forEach}: one series' delta. */
  @FunctionalInterface
  public interface DeltaConsumer {
    void accept(byte[] seriesKey, Delta delta);
  }

  /** Calls {@code action} with each delta in the order they were added. */
  public void forEach(DeltaConsumer action) {
    ByteBuffer b = ByteBuffer.wrap(data, 1, data.length - 1);
    while (b.hasRemaining()) {
      byte[] key = new byte[b.getInt()];
      b.get(key);
      action.accept(key, new Delta(b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong()));
    }
  }

  /** The serde of the repartition topic's values; a value that is not a well-formed batch fails to deserialise. */
  public static Serde<DeltaBatch> serde() {
    return Serdes.serdeFrom((topic, batch) -> batch == null ? null : batch.data, (topic, data) -> {
      if (data == null) {
        return null;
      }
      check(data);
      return new DeltaBatch(data);
    });
  }

  private static void check(byte[] data) {
    if (data.length == 0 || data[0] != VERSION) {
      throw new SerializationException("not a delta batch of version " + VERSION + " (" + data.length + " bytes)");
    }
    ByteBuffer b = ByteBuffer.wrap(data, 1, data.length - 1);
    while (b.hasRemaining()) {
      int keyLength = b.remaining() >= 4 ? b.getInt() : -1;
      if (keyLength < 2 || keyLength > b.remaining() - 5 * 8) {
        throw new SerializationException("truncated delta batch at byte " + b.position());
      }
      b.position(b.position() + keyLength + 5 * 8);
    }
  }

  /** Collects the deltas of one partition; reusable after {@link #take}. Not thread-safe. */
  public static final class Writer {
    private ByteBuffer buffer = ByteBuffer.allocate(4096).put(VERSION);
    private int deltas;
    private long latestBucketMs = Long.MIN_VALUE;

    /** Adds the delta of the series whose key is {@code key[offset, offset + keyLength)}. */
    public void add(byte[] key, int offset, int keyLength, long bucketStartMs, long earliestReceivedMs, long bytes,
        long packets, long flows) {
      if (buffer.remaining() < keyLength + DELTA_BYTES) {
        buffer = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + keyLength + DELTA_BYTES))
            .put(buffer.flip());
      }
      buffer.putInt(keyLength).put(key, offset, keyLength).putLong(bucketStartMs).putLong(earliestReceivedMs)
          .putLong(bytes).putLong(packets).putLong(flows);
      deltas++;
      latestBucketMs = Math.max(latestBucketMs, bucketStartMs);
    }

    public int deltas() {
      return deltas;
    }

    /** The bytes written so far. */
    public int size() {
      return buffer.position();
    }

    /** The latest bucket start among the deltas (the batch record's timestamp). */
    public long latestBucketMs() {
      return latestBucketMs;
    }

    /** The batch of everything added since the last take; this writer starts empty again. */
    public DeltaBatch take() {
      DeltaBatch batch = new DeltaBatch(Arrays.copyOf(buffer.array(), buffer.position()));
      clear();
      return batch;
    }

    /** Forgets everything added since the last take. */
    public void clear() {
      buffer.clear().put(VERSION);
      deltas = 0;
      latestBucketMs = Long.MIN_VALUE;
    }
  }
}

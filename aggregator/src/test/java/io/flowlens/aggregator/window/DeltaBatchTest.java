package io.flowlens.aggregator.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class DeltaBatchTest {
  private final Serde<DeltaBatch> serde = DeltaBatch.serde();

  private record Entry(byte[] key, Delta delta) {}

  private List<Entry> roundTrip(DeltaBatch batch) {
    List<Entry> entries = new ArrayList<>();
    serde.deserializer().deserialize("t", serde.serializer().serialize("t", batch))
        .forEach((key, delta) -> entries.add(new Entry(key, delta)));
    return entries;
  }

  @Test
  void carriesEveryDeltaWithItsSeriesKeyInOrder() {
    DeltaBatch.Writer writer = new DeltaBatch.Writer();
    byte[] padded = {9, 9, 0, 0, 10, 0, 0, 1, 9};
    writer.add(padded, 2, 6, 60_000, 61_000, 1500, 3, 2);
    writer.add(new byte[] {1, 1}, 0, 2, 120_000, 119_500, 40, 1, 1);

    assertThat(writer.deltas()).isEqualTo(2);
    assertThat(writer.latestBucketMs()).isEqualTo(120_000);
    List<Entry> entries = roundTrip(writer.take());
    assertThat(entries).hasSize(2);
    assertThat(entries.get(0).key()).containsExactly(0, 0, 10, 0, 0, 1);
    assertThat(entries.get(0).delta()).isEqualTo(new Delta(60_000, 61_000, 1500, 3, 2));
    assertThat(entries.get(1).key()).containsExactly(1, 1);
    assertThat(entries.get(1).delta()).isEqualTo(new Delta(120_000, 119_500, 40, 1, 1));
  }

  @Test
  void aWriterStartsEmptyAfterTakeAndGrowsForLargeKeys() {
    DeltaBatch.Writer writer = new DeltaBatch.Writer();
    writer.add(new byte[] {0, 0}, 0, 2, 0, 0, 1, 1, 1);
    writer.take();
    assertThat(writer.deltas()).isZero();
    assertThat(writer.latestBucketMs()).isEqualTo(Long.MIN_VALUE);

    byte[] big = new byte[20_000];
    Arrays.fill(big, (byte) 7);
    for (int i = 0; i < 5; i++) {
      writer.add(big, 0, big.length, i, i, i, i, i);
    }
    assertThat(writer.size()).isGreaterThan(5 * big.length);
    List<Entry> entries = roundTrip(writer.take());
    assertThat(entries).hasSize(5);
    assertThat(entries.get(4).key()).isEqualTo(big);
    assertThat(entries.get(4).delta()).isEqualTo(new Delta(4, 4, 4, 4, 4));
  }

  @Test
  void aSeriesGoesToThePartitionKafkasDefaultPartitionerPicksForItsKey() {
    // The series state was placed by the default partitioner when each delta was its own record; the
    // batches must keep every series with the owner of its state.
    for (int i = 0; i < 1000; i++) {
      byte[] key = {0, 0, 4, 10, (byte) (i >> 8), (byte) i, 1};
      for (int partitions : new int[] {1, 3, 4, 12}) {
        assertThat(DeltaBatch.partitionOf(key, partitions))
            .isEqualTo(BuiltInPartitioner.partitionForKey(key, partitions));
      }
    }
  }

  @Test
  void anythingButAWellFormedBatchFailsToDeserialise() {
    DeltaBatch.Writer writer = new DeltaBatch.Writer();
    writer.add(new byte[] {0, 0, 4, 10, 0, 0, 1}, 0, 7, 1, 1, 1, 1, 1);
    byte[] good = serde.serializer().serialize("t", writer.take());

    assertThat(serde.deserializer().deserialize("t", null)).isNull();
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[0]))
        .isInstanceOf(SerializationException.class).hasMessageContaining("not a delta batch");
    byte[] otherVersion = good.clone();
    otherVersion[0] = 2;
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", otherVersion))
        .isInstanceOf(SerializationException.class).hasMessageContaining("version 1");
    for (int cut = 2; cut < good.length; cut++) {
      byte[] truncated = Arrays.copyOf(good, cut);
      assertThatThrownBy(() -> serde.deserializer().deserialize("t", truncated))
          .isInstanceOf(SerializationException.class).hasMessageContaining("truncated");
    }
  }
}

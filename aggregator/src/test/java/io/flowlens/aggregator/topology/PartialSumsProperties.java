package io.flowlens.aggregator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PartialSumsProperties {
  private record Key(List<Byte> bytes, long bucket) {}

  private static Map<Key, long[]> contents(PartialSums sums) {
    Map<Key, long[]> seen = new LinkedHashMap<>();
    sums.forEach((keys, offset, length, bucket, earliest, bytes, packets, flows) -> {
      List<Byte> key = new ArrayList<>();
      for (int i = offset; i < offset + length; i++) {
        key.add(keys[i]);
      }
      assertThat(seen.put(new Key(key, bucket), new long[] {earliest, bytes, packets, flows})).isNull();
    });
    return seen;
  }

  /** Flows of few distinct keys and buckets (so that they repeat), in any order, sum like a plain map. */
  @Property(tries = 200)
  void sumsPerKeyAndBucketLikeAMap(@ForAll @Size(max = 3000) List<@IntRange(max = 5000) Integer> flows) {
    PartialSums sums = new PartialSums();
    Map<Key, long[]> expected = new HashMap<>();
    List<Key> order = new ArrayList<>();
    for (int f : flows) {
      // Keys of 1 to 3 bytes whose last byte differs: lengths and contents collide in every way.
      byte[] key = Arrays.copyOf(new byte[] {(byte) (f % 7), (byte) (f % 13), (byte) (f % 251)}, 1 + f % 3);
      long bucket = (f % 2) * 60_000L;
      long received = 1_000_000L - f;
      sums.add(key, key.length, bucket, received, f, 1);
      List<Byte> k = new ArrayList<>();
      for (byte b : key) {
        k.add(b);
      }
      Key id = new Key(k, bucket);
      long[] e = expected.get(id);
      if (e == null) {
        expected.put(id, new long[] {received, f, 1, 1});
        order.add(id);
      } else {
        e[0] = Math.min(e[0], received);
        e[1] += f;
        e[2]++;
        e[3]++;
      }
    }
    Map<Key, long[]> actual = contents(sums);
    assertThat(sums.size()).isEqualTo(expected.size());
    assertThat(new ArrayList<>(actual.keySet())).isEqualTo(order);
    expected.forEach((k, v) -> assertThat(actual.get(k)).containsExactly(v));
  }

  @Test
  void growsPastManyDistinctKeysAndStartsEmptyAfterClear() {
    PartialSums sums = new PartialSums();
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < 100_000; i++) {
        byte[] key = {0, 0, 4, 10, (byte) (i >> 16), (byte) (i >> 8), (byte) i};
        sums.add(key, key.length, 0, i, 100, 2);
        sums.add(key, key.length, 0, i + 1, 50, 1);
      }
      assertThat(sums.size()).isEqualTo(100_000);
      long[] totals = new long[3];
      sums.forEach((keys, offset, length, bucket, earliest, bytes, packets, flows) -> {
        totals[0] += bytes;
        totals[1] += packets;
        totals[2] += flows;
      });
      assertThat(totals).containsExactly(15_000_000, 300_000, 200_000);
      sums.clear();
      assertThat(sums.size()).isZero();
      assertThat(contents(sums)).isEmpty();
    }
  }
}

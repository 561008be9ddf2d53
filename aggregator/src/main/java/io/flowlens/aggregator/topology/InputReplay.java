package io.flowlens.aggregator.topology;

import java.util.function.Consumer;

/**
 * Reads a range of the flow topic again, outside Kafka Streams' own consumer: how the combiner re-derives
 * the partial sums a crashed or migrated task had in memory (see {@link SeriesCombiner}).
 */
@FunctionalInterface
public interface InputReplay {
  /** A replay for topologies that never need one (the combiner off, or tests that start from offset 0). */
  InputReplay NONE = (topic, partition, from, to, sink) -> {
    throw new IllegalStateException("no input replay configured, cannot re-read " + topic + "-" + partition
        + " offsets " + from + ".." + (to - 1));
  };

  /**
   * Passes every committed record value of {@code topic}-{@code partition} with an offset in
   * {@code [from, to)} to {@code sink}, in offset order (null for a record without a value).
   */
  void replay(String topic, int partition, long from, long to, Consumer<byte[]> sink);
}

package io.flowlens.aggregator.topology;

import java.util.function.Consumer;

/**
 * Reads a range of the flow topic again, outside Kafka Streams' own consumer: how the combiner re-derives
 * the partial sums a crashed, stopped or migrated task had in memory (see {@link SeriesCombiner}).
 */
@FunctionalInterface
public interface InputReplay {
  /** A replay for topologies that never need one (the combiner off, or tests that never flush before a restart). */
  InputReplay NONE = (group, topic, partition, from, sink) -> {
    throw new IllegalStateException("no input replay configured, cannot re-read " + topic + "-" + partition
        + " from offset " + from);
  };

  /**
   * Passes every committed record value of {@code topic}-{@code partition} from offset {@code from} up to,
   * not including, the offset that consumer group {@code group} has committed for that partition (where
   * its owner resumes), in offset order (null for a record without a value). Returns the committed
   * offset, or -1 when the group has committed none (nothing is passed then).
   */
  long replayToCommitted(String group, String topic, int partition, long from, Consumer<byte[]> sink);
}

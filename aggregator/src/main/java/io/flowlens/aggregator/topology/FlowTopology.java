package io.flowlens.aggregator.topology;

import io.flowlens.aggregator.AggregatorConfig;
import io.flowlens.aggregator.enrich.AddressLookup;
import io.flowlens.aggregator.window.AggregationSpec;
import io.flowlens.aggregator.window.Counts;
import io.flowlens.aggregator.window.Delta;
import io.flowlens.aggregator.window.Totals;
import io.flowlens.schema.FlowRecordSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The aggregator's Kafka Streams topology, read top to bottom as the data flows:
 *
 * <pre>
 * flow topic (FlowRecord; undecodable records counted and skipped by CountingDeserializationHandler)
 *   -> clean, normalise, enrich, key by series, combine per (series, bucket)   [series-combiner-marks]
 *   -> repartition by series key: topic &lt;application_id&gt;-series-repartition
 *   -> cumulative totals per series (caps, __other__, idle expiry)             [series-totals]
 *      + counts per series and window, one store per window size               [series-window-1m ...]
 * </pre>
 *
 * The repartition is what gives each series exactly one owner among the instances sharing the
 * application id, so that caps hold and PromQL {@code sum} over instances is exact. Totals are in a
 * persistent store; windows in in-memory stores (they hold only retention = 2 x size + grace); all
 * have changelogs, so a restart restores them.
 */
public final class FlowTopology {
  /** The combiner's flush marks: per input partition, the last offset whose sums were forwarded (logged). */
  public static final String COMBINER_MARKS_STORE = "series-combiner-marks";
  /** Cumulative counters per series (persistent, logged, cached). */
  public static final String TOTALS_STORE = "series-totals";
  /** The name of the repartition step; the topic is {@code <application_id>-series-repartition}. */
  public static final String REPARTITION = "series";
  private static final String WINDOW_STORE_PREFIX = "series-window-";

  private FlowTopology() {}

  /** The window store of one window size: {@code series-window-1m}. */
  public static String windowStoreName(Duration window) {
    return WINDOW_STORE_PREFIX + AggregatorConfig.windowLabel(window);
  }

  /** How long a window store keeps a window: long enough to serve the last completed one. */
  public static Duration windowRetention(Duration window, Duration grace) {
    return window.multipliedBy(2).plus(grace);
  }

  /**
   * The topology reading {@code topic}, with its series repartitioned into {@code partitions}
   * partitions (the caps are divided by this number).
   */
  public static Topology build(AggregatorConfig config, String topic, int partitions, AddressLookup lookup,
      TopologyMetrics metrics, InputReplay replay) {
    List<AggregationSpec> specs = AggregationSpec.resolve(config);
    List<Duration> windows = AggregationSpec.allWindows(specs);
    long bucketMs = bucketMillis(windows);
    StreamsBuilder builder = new StreamsBuilder();

    if (config.combiner()) {
      // Not cached: a mark must reach the changelog in the transaction of the sums it covers.
      builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(COMBINER_MARKS_STORE),
          Serdes.String(), Serdes.Long()).withCachingDisabled());
    }
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TOTALS_STORE), Serdes.Bytes(),
        Totals.serde()).withCachingEnabled());
    List<String> aggregationStores = new ArrayList<>(List.of(TOTALS_STORE));
    for (Duration w : windows) {
      builder.addStateStore(Stores.windowStoreBuilder(
          Stores.inMemoryWindowStore(windowStoreName(w), windowRetention(w, config.grace()), w, false),
          Serdes.Bytes(), Counts.serde()).withCachingEnabled());
      aggregationStores.add(windowStoreName(w));
    }

    FlowCleaner cleaner = new FlowCleaner(config.clock(), lookup);
    String[] combinerStores = config.combiner() ? new String[] {COMBINER_MARKS_STORE} : new String[0];
    builder.stream(topic, Consumed.with(Serdes.ByteArray(), new FlowRecordSerde()).withName("flows"))
        .process(() -> new SeriesCombiner(cleaner, specs, bucketMs, config.commitInterval(), config.combiner(), metrics,
                replay),
            Named.as("clean-enrich-combine"), combinerStores)
        .repartition(Repartitioned.with(Serdes.Bytes(), Delta.serde()).withName(REPARTITION)
            .withNumberOfPartitions(partitions))
        .process(() -> new SeriesAggregation(specs, config, partitions, metrics), Named.as("aggregate"),
            aggregationStores.toArray(String[]::new));
    return builder.build();
  }

  /** The time bucket of the combiner: the greatest common divisor of the window sizes. */
  static long bucketMillis(List<Duration> windows) {
    long gcd = 0;
    for (Duration w : windows) {
      long a = w.toMillis();
      long b = gcd;
      while (b != 0) {
        long t = a % b;
        a = b;
        b = t;
      }
      gcd = a;
    }
    return gcd == 0 ? 60_000 : gcd;
  }
}

package io.flowlens.aggregator.topology;

import io.flowlens.aggregator.AggregatorConfig;
import io.flowlens.aggregator.enrich.AddressLookup;
import io.flowlens.aggregator.window.AggregationSpec;
import io.flowlens.aggregator.window.DeltaBatch;
import io.flowlens.aggregator.window.SeriesState;
import io.flowlens.aggregator.window.WindowRing;
import io.flowlens.schema.FlowRecordSerde;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
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
 *   -> repartition by series key, the deltas of one partition batched in one record:
 *      topic &lt;application_id&gt;-series-repartition
 *   -> per series: cumulative totals (caps, __other__, idle expiry)
 *      and a ring of hop-sized slots, summed into rolling windows at scrape    [series-state]
 * </pre>
 *
 * The repartition is what gives each series exactly one owner among the instances sharing the
 * application id, so that caps hold and PromQL {@code sum} over instances is exact. A series' totals
 * and windows are one value of one persistent store (one read and one write per delta; the ring holds
 * the slots of the largest window and those that can still take late flows); the stores have changelogs, so a restart
 * restores them.
 */
public final class FlowTopology {
  /** The combiner's flush marks: per input partition, the last offset whose sums were forwarded (logged). */
  public static final String COMBINER_MARKS_STORE = "series-combiner-marks";
  /** Per series: cumulative counters and the rings of its windows (persistent, logged, cached). */
  public static final String SERIES_STORE = "series-state";
  /** The name of the repartition step; the topic is {@code <application_id>-series-repartition}. */
  public static final String REPARTITION = "series";

  private FlowTopology() {}

  /**
   * The topology reading {@code topic}, with its series repartitioned into {@code partitions}
   * partitions (the caps are divided by this number).
   */
  public static Topology build(AggregatorConfig config, String topic, int partitions, AddressLookup lookup,
      TopologyMetrics metrics, InputReplay replay) {
    List<AggregationSpec> specs = AggregationSpec.resolve(config);
    List<Duration> windows = AggregationSpec.allWindows(specs);
    // The combiner's time bucket is the hop of the rolling windows: every slot holds whole buckets.
    long bucketMs = WindowRing.hopMillis(windows);
    StreamsBuilder builder = new StreamsBuilder();

    if (config.combiner()) {
      // Not cached: a mark must reach the changelog in the transaction of the sums it covers.
      builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(COMBINER_MARKS_STORE),
          Serdes.String(), Serdes.Long()).withCachingDisabled());
    }
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SERIES_STORE), Serdes.Bytes(),
        SeriesState.serde()).withCachingEnabled());

    FlowCleaner cleaner = new FlowCleaner(config.clock(), lookup);
    String[] combinerStores = config.combiner() ? new String[] {COMBINER_MARKS_STORE} : new String[0];
    builder.stream(topic, Consumed.with(Serdes.ByteArray(), new FlowRecordSerde()).withName("flows"))
        .process(() -> new SeriesCombiner(topic, cleaner, specs, bucketMs, partitions, config.commitInterval(),
                config.combiner(), metrics, replay),
            Named.as("clean-enrich-combine"), combinerStores)
        .repartition(Repartitioned.with(Serdes.Bytes(), DeltaBatch.serde()).withName(REPARTITION)
            .withNumberOfPartitions(partitions).withStreamPartitioner(SeriesCombiner.partitioner()))
        .process(() -> new SeriesAggregation(specs, config, partitions, metrics), Named.as("aggregate"),
            SERIES_STORE);
    return builder.build();
  }
}

package io.flowlens.aggregator.topology;

import static io.flowlens.aggregator.topology.Flows.flow;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.aggregator.AggregatorConfig;
import io.flowlens.aggregator.enrich.AddressLookup;
import io.flowlens.aggregator.window.AggregationSpec;
import io.flowlens.aggregator.window.DeltaBatch;
import io.flowlens.configuration.ConfigLoader;
import io.flowlens.configuration.MetricsConfig;
import io.flowlens.schema.FlowRecordSerializer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The combiner's flush marks, on task 0_1 of application {@code agg}: a task that starts behind its mark
 * re-reads the gap up to the group's committed offset before anything else, counts it once, and moves
 * the mark when it flushes; a partition never flushed starts its mark at its first record; a task
 * revived after a dirty close ({@code init} called again on the same processor) forgets the aborted
 * attempt and replays from the restored mark.
 */
class CombinerReplayTest {
  private static final String TOPIC = "flows";
  private static final String MARK = TOPIC + "-1";
  private static final long NOW = 1_714_557_605_000L;

  /** What the replay was asked: group, topic-partition and first offset. */
  private final List<String> asked = new ArrayList<>();
  /** The offset the group has committed for the partition, -1 for none. */
  private long committed = -1;
  private final TopologyMetrics metrics = new TopologyMetrics(new SimpleMeterRegistry(), new MetricsConfig());
  private final int services;
  private final SeriesCombiner combiner;
  private final MockProcessorContext<Bytes, DeltaBatch> context;
  private final KeyValueStore<String, Long> marks;

  CombinerReplayTest() throws Exception {
    AggregatorConfig config = new ConfigLoader(Map.of()).parse("{}", AggregatorConfig.class, "test");
    List<AggregationSpec> specs = AggregationSpec.resolve(config);
    services = specs.stream().filter(s -> s.name().equals("services")).findFirst().orElseThrow().index();
    // Every replayed offset holds one flow to 10.1.0.1:443, then comes one undecodable record.
    InputReplay replay = (group, topic, partition, from, sink) -> {
      asked.add(group + " " + topic + "-" + partition + " from " + from);
      FlowRecordSerializer serializer = new FlowRecordSerializer();
      for (long o = from; o < committed; o++) {
        sink.accept(serializer.serialize(topic, flow("10.0.0.9", "10.1.0.1", NOW).build()));
      }
      if (from < committed) {
        sink.accept(new byte[] {1, 2, 3});
      }
      return committed;
    };
    combiner = new SeriesCombiner(TOPIC, new FlowCleaner(config.clock(), AddressLookup.NONE), specs, 60_000, 4,
        Duration.ofSeconds(1), true, metrics, replay);
    Properties streams = new Properties();
    streams.put(StreamsConfig.APPLICATION_ID_CONFIG, "agg");
    streams.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
    context = new MockProcessorContext<>(streams, new TaskId(0, 1), null);
    marks = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(FlowTopology.COMBINER_MARKS_STORE),
        Serdes.String(), Serdes.Long()).withLoggingDisabled().build();
    marks.init(context.getStateStoreContext(), marks);
    context.addStateStore(marks);
  }

  @Test
  void aStartingTaskCountsWhatItsPredecessorHeldInMemoryWithoutWaitingForANewFlow() {
    // Flushed up to offset 4, committed up to offset 8: offsets 5..8 were summed in a lost map.
    marks.put(MARK, 4L);
    committed = 9;
    combiner.init(context);
    flush();

    assertThat(asked).containsExactly("agg flows-1 from 5");
    assertThat(servicesFlows()).isEqualTo(4);
    assertThat(marks.get(MARK)).isEqualTo(8L);
    assertThat(metrics.processedCount()).isEqualTo(4);

    process(9);
    flush();
    assertThat(asked).hasSize(1);
    assertThat(servicesFlows()).isEqualTo(5);
    assertThat(marks.get(MARK)).isEqualTo(9L);
  }

  @Test
  void aTaskStartingAtItsMarkReplaysNothing() {
    marks.put(MARK, 8L);
    committed = 9;
    combiner.init(context);
    flush();
    assertThat(asked).containsExactly("agg flows-1 from 9");
    assertThat(context.forwarded()).isEmpty();
    assertThat(marks.get(MARK)).isEqualTo(8L);
  }

  @Test
  void aPartitionNeverFlushedStartsItsMarkAtItsFirstRecord() {
    combiner.init(context);
    assertThat(asked).isEmpty();
    process(7);
    assertThat(marks.get(MARK)).isEqualTo(6L);
    flush();
    assertThat(marks.get(MARK)).isEqualTo(7L);
    assertThat(servicesFlows()).isEqualTo(1);
  }

  @Test
  void aRevivedCombinerForgetsTheAbortedAttemptAndReplaysFromTheRestoredMark() {
    combiner.init(context);
    process(0);
    process(1);
    process(2);
    assertThat(marks.get(MARK)).isEqualTo(-1L);

    // The attempt is closed dirty before any flush: nothing of it was committed but the previous commit's
    // offset 2 and mark -1 (restored from the changelog); the input resumes at 2.
    committed = 2;
    combiner.init(context);
    process(2);
    process(3);
    flush();

    assertThat(asked).containsExactly("agg flows-1 from 0");
    // Offsets 0..3 once each: two replayed, two processed; none of the aborted attempt's sums.
    assertThat(servicesFlows()).isEqualTo(4);
    assertThat(marks.get(MARK)).isEqualTo(3L);
  }

  private void process(long offset) {
    context.setRecordMetadata(TOPIC, 1, offset);
    combiner.process(new Record<>(null, flow("10.0.0.1", "10.1.0.1", NOW).build(), NOW));
  }

  /** Fires the flush punctuation the latest init scheduled. */
  private void flush() {
    context.scheduledPunctuators().get(context.scheduledPunctuators().size() - 1).getPunctuator().punctuate(NOW + 1000);
  }

  /** The flows forwarded to the services aggregation (all of this test's flows go to 443/tcp). */
  private long servicesFlows() {
    long[] sum = new long[1];
    context.forwarded().forEach(f -> f.record().value().forEach((key, delta) -> {
      if ((key[0] & 0xff) == services) {
        sum[0] += delta.flows();
      }
    }));
    return sum[0];
  }
}

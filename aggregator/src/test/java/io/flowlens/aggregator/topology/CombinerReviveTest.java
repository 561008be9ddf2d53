package io.flowlens.aggregator.topology;

import static io.flowlens.aggregator.topology.Flows.flow;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.aggregator.AggregatorConfig;
import io.flowlens.aggregator.enrich.AddressLookup;
import io.flowlens.aggregator.window.AggregationSpec;
import io.flowlens.aggregator.window.DeltaBatch;
import io.flowlens.configuration.ConfigLoader;
import io.flowlens.configuration.MetricsConfig;
import io.flowlens.schema.FlowRecord;
import io.flowlens.schema.FlowRecordSerializer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * Kafka Streams revives a task after a dirty close by calling {@code init} again on the same processor
 * (its uncommitted output aborted, its stores restored, its input read again from the last commit):
 * the combiner must then count as a new instance would, nothing of the aborted attempt twice or lost.
 */
class CombinerReviveTest {
  private static final String TOPIC = "flows";
  private static final long NOW = 1_714_557_605_000L;

  @Test
  void aRevivedCombinerForgetsTheAbortedAttemptAndReplaysFromTheRestoredMark() throws Exception {
    AggregatorConfig config = new ConfigLoader(Map.of()).parse("{}", AggregatorConfig.class, "test");
    List<AggregationSpec> specs = AggregationSpec.resolve(config);
    int services = specs.stream().filter(s -> s.name().equals("services")).findFirst().orElseThrow().index();
    List<long[]> replayed = new ArrayList<>();
    InputReplay replay = (topic, partition, from, to, sink) -> {
      replayed.add(new long[] {from, to});
      FlowRecordSerializer serializer = new FlowRecordSerializer();
      for (long o = from; o < to; o++) {
        sink.accept(serializer.serialize(topic, flow("10.0.0.1", "10.1.0.1", NOW).build()));
      }
    };
    SeriesCombiner combiner = new SeriesCombiner(new FlowCleaner(config.clock(), AddressLookup.NONE), specs, 60_000, 4,
        Duration.ofSeconds(1), true, new TopologyMetrics(new SimpleMeterRegistry(), new MetricsConfig()), replay);
    MockProcessorContext<Bytes, DeltaBatch> context = new MockProcessorContext<>();
    KeyValueStore<String, Long> marks = Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore(FlowTopology.COMBINER_MARKS_STORE), Serdes.String(), Serdes.Long())
        .withLoggingDisabled().build();
    marks.init(context.getStateStoreContext(), marks);
    context.addStateStore(marks);

    combiner.init(context);
    process(combiner, context, 0);
    process(combiner, context, 1);
    process(combiner, context, 2);
    assertThat(marks.get(TOPIC + "-0")).isEqualTo(-1L);

    // The attempt is closed dirty before any flush: nothing of it was committed; the mark restored from
    // the changelog is the one of the last commit (-1), and the input resumes at the last committed offset, 2.
    combiner.init(context);
    process(combiner, context, 2);
    process(combiner, context, 3);
    flush(context);

    assertThat(replayed).hasSize(1);
    assertThat(replayed.get(0)).containsExactly(0, 2);
    // Offsets 0..3 once each: two replayed, two processed; none of the aborted attempt's sums.
    assertThat(flows(context, services)).isEqualTo(4);
    assertThat(marks.get(TOPIC + "-0")).isEqualTo(3L);
  }

  private static void process(SeriesCombiner combiner, MockProcessorContext<Bytes, DeltaBatch> context, long offset) {
    context.setRecordMetadata(TOPIC, 0, offset);
    FlowRecord r = flow("10.0.0.1", "10.1.0.1", NOW).build();
    combiner.process(new Record<>(null, r, NOW));
  }

  private static void flush(MockProcessorContext<Bytes, DeltaBatch> context) {
    context.scheduledPunctuators().get(context.scheduledPunctuators().size() - 1).getPunctuator().punctuate(NOW + 1000);
  }

  /** The flows forwarded for aggregation number {@code index}. */
  private static long flows(MockProcessorContext<Bytes, DeltaBatch> context, int index) {
    long[] sum = new long[1];
    context.forwarded().forEach(f -> f.record().value().forEach((key, delta) -> {
      if ((key[0] & 0xff) == index) {
        sum[0] += delta.flows();
      }
    }));
    return sum[0];
  }
}

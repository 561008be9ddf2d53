package io.flowlens.aggregator.topology;

import static io.flowlens.aggregator.topology.Flows.flow;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.aggregator.enrich.AddressLookup;
import io.flowlens.schema.FlowRecordSerializer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The combiner's flush marks: a task that starts behind its mark re-reads the gap, counts it once, and
 * moves the mark when it flushes.
 */
class CombinerReplayTest {
  static final Instant T0 = Instant.parse("2024-05-01T10:00:05Z");
  static final long NOW = T0.toEpochMilli();
  static final String FLOWS_443 = "flow_flows_total{aggregation=\"services\",dst_port=\"443\",proto=\"6\"}";

  @TempDir Path stateDir;

  @Test
  void shouldCountTheRecordsBetweenTheMarkAndTheFirstOffsetOnce() {
    List<long[]> asked = new ArrayList<>();
    InputReplay replay = (topic, partition, from, to, sink) -> {
      asked.add(new long[] {partition, from, to});
      FlowRecordSerializer serializer = new FlowRecordSerializer();
      for (long o = from; o < to; o++) {
        sink.accept(serializer.serialize(topic, flow("10.0.0.9", "10.1.0.1", NOW).build()));
      }
      sink.accept(new byte[] {1, 2, 3});
    };
    try (TopologyFixture f = new TopologyFixture("", AddressLookup.NONE, T0, stateDir, replay)) {
      KeyValueStore<String, Long> marks = f.driver.getKeyValueStore(FlowTopology.COMBINER_MARKS_STORE);
      // The test driver's first offset is 0: a mark of -3 says offsets -2 and -1 were processed, not flushed.
      marks.put(TopologyFixture.TOPIC + "-0", -3L);
      f.send(flow("10.0.0.1", "10.1.0.1", NOW));
      f.send(flow("10.0.0.2", "10.1.0.1", NOW));
      f.advance(Duration.ofSeconds(1));

      assertThat(asked).hasSize(1);
      assertThat(asked.get(0)).containsExactly(0, -2, 0);
      assertThat(f.scrape(T0)).containsEntry(FLOWS_443, 4.0).containsEntry("flow_aggregator_series{aggregation=\"talkers\"}", 3.0);
      assertThat(marks.get(TopologyFixture.TOPIC + "-0")).isEqualTo(1L);
      assertThat(f.metrics.processedCount()).isEqualTo(4);

      f.send(flow("10.0.0.1", "10.1.0.1", NOW));
      f.advance(Duration.ofSeconds(1));
      assertThat(asked).hasSize(1);
      assertThat(f.scrape(T0)).containsEntry(FLOWS_443, 5.0);
      assertThat(marks.get(TopologyFixture.TOPIC + "-0")).isEqualTo(2L);
    }
  }

  @Test
  void shouldStartTheMarkAtTheFirstRecordOfAPartitionNeverFlushed() {
    try (TopologyFixture f = new TopologyFixture("", AddressLookup.NONE, T0, stateDir)) {
      KeyValueStore<String, Long> marks = f.driver.getKeyValueStore(FlowTopology.COMBINER_MARKS_STORE);
      f.send(flow("10.0.0.1", "10.1.0.1", NOW));
      assertThat(marks.get(TopologyFixture.TOPIC + "-0")).isEqualTo(-1L);
      f.advance(Duration.ofSeconds(1));
      assertThat(marks.get(TopologyFixture.TOPIC + "-0")).isZero();
      assertThat(f.scrape(T0)).containsEntry(FLOWS_443, 1.0);
    }
  }
}

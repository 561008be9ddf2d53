package io.flowlens.aggregator;

import static io.flowlens.aggregator.topology.Flows.flow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowlens.aggregator.enrich.AddressLookup;
import io.flowlens.configuration.ConfigLoader;
import io.flowlens.configuration.KafkaConfig;
import io.flowlens.configuration.MetricsConfig;
import io.flowlens.http.MetricsRegistry;
import io.flowlens.schema.FlowRecord;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The aggregator against a real (embedded) broker: totals, restarts, a cardinality flood. */
class AggregatorIT {
  static final String SERVICES_443 = "flow_bytes_total{aggregation=\"services\",dst_port=\"443\",proto=\"6\"}";
  static final String SERVICES_443_FLOWS = "flow_flows_total{aggregation=\"services\",dst_port=\"443\",proto=\"6\"}";

  @RegisterExtension static final RunningBroker kafka = new RunningBroker();
  @TempDir Path dir;

  @Test
  void shouldCountEveryProducedFlowAndBecomeReady() throws Exception {
    KafkaConfig kafkaConfig = topic("count", 2);
    produce(kafkaConfig, 0, 10_000);
    PrometheusMeterRegistry registry = MetricsRegistry.create();
    try (Aggregator aggregator = aggregator("count", kafkaConfig, registry, dir.resolve("state"))) {
      assertThat(aggregator.readinessCheck().notReadyReason()).isEqualTo("not started");
      aggregator.start();
      // Each aggregation's series are spread over the repartition's tasks (and stream threads): wait for the
      // last stage to have counted every flow in each of them.
      await().atMost(Duration.ofMinutes(3)).until(() -> countedEverywhere(scrape(registry), 10_000));
      Map<String, Double> s = scrape(registry);
      assertThat(s).containsEntry(SERVICES_443, 10_000 * 1000.0)
          .containsEntry("flow_aggregator_processed_records_total", 10_000.0)
          .containsEntry("flow_aggregator_series{aggregation=\"talkers\"}", 100.0);
      assertThat(aggregator.readinessCheck().notReadyReason()).isNull();
      assertThat(s.keySet()).anyMatch(k -> k.startsWith("kafka_stream_"));
      assertThat(s.keySet()).anyMatch(k -> k.startsWith("flow_processing_duration_seconds_bucket"));
    }
  }

  @Test
  void shouldNeitherLoseNorDoubleCountAcrossRestarts() throws Exception {
    KafkaConfig kafkaConfig = topic("restart", 2);
    Path state = dir.resolve("state");
    produce(kafkaConfig, 0, 20_000);
    PrometheusMeterRegistry firstRegistry = MetricsRegistry.create();
    try (Aggregator first = aggregator("restart", kafkaConfig, firstRegistry, state)) {
      first.start();
      // Stop mid-stream: once some, not all, flows are counted.
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20))
          .until(() -> scrape(firstRegistry).getOrDefault(SERVICES_443_FLOWS, 0.0) > 0);
    }
    produce(kafkaConfig, 20_000, 10_000);
    PrometheusMeterRegistry registry = MetricsRegistry.create();
    try (Aggregator second = aggregator("restart", kafkaConfig, registry, state)) {
      second.start();
      PrometheusMeterRegistry r = registry;
      // untilAsserted: a timeout then says how many flows were counted (short, or stuck at a value).
      await().atMost(Duration.ofMinutes(3))
          .untilAsserted(() -> assertThat(scrape(r).getOrDefault(SERVICES_443_FLOWS, 0.0)).isGreaterThanOrEqualTo(30_000.0));
      Thread.sleep(2000);
      assertThat(scrape(r)).containsEntry(SERVICES_443_FLOWS, 30_000.0).containsEntry(SERVICES_443, 30_000 * 1000.0);
    }
    // A third start on an empty state directory restores every counter from the changelogs.
    produce(kafkaConfig, 30_000, 5_000);
    registry = MetricsRegistry.create();
    try (Aggregator third = aggregator("restart", kafkaConfig, registry, dir.resolve("fresh-state"))) {
      third.start();
      PrometheusMeterRegistry r = registry;
      await().atMost(Duration.ofMinutes(3))
          .untilAsserted(() -> assertThat(scrape(r).getOrDefault(SERVICES_443_FLOWS, 0.0)).isGreaterThanOrEqualTo(35_000.0));
      Thread.sleep(2000);
      assertThat(scrape(r)).containsEntry(SERVICES_443_FLOWS, 35_000.0);
      assertThat(third.state()).isEqualTo(KafkaStreams.State.RUNNING);
    }
  }

  @Test
  void shouldCountWhatAStoppedInstanceHeldInMemoryOnAPartitionThatGetsNoNewFlows() throws Exception {
    KafkaConfig kafkaConfig = topic("held", 2);
    Path state = dir.resolve("state");
    produce(kafkaConfig, 0, 0, 5_000);
    produce(kafkaConfig, 1, 5_000, 5_000);
    PrometheusMeterRegistry firstRegistry = MetricsRegistry.create();
    // A commit (and flush) interval longer than the test: every flow stays in the combiner's memory, and
    // the stop commits their offsets.
    try (Aggregator first = aggregator("held", kafkaConfig, firstRegistry, state, "10m")) {
      first.start();
      await().atMost(Duration.ofMinutes(3))
          .until(() -> scrape(firstRegistry).getOrDefault("flow_aggregator_processed_records_total", 0.0) >= 10_000);
      assertThat(scrape(firstRegistry)).doesNotContainKey(SERVICES_443_FLOWS);
    }
    // New flows on partition 1 only: the task of partition 0 starts and never sees a record.
    produce(kafkaConfig, 1, 10_000, 1);
    PrometheusMeterRegistry registry = MetricsRegistry.create();
    try (Aggregator second = aggregator("held", kafkaConfig, registry, state, "200ms")) {
      second.start();
      await().atMost(Duration.ofMinutes(3))
          .untilAsserted(() -> assertThat(scrape(registry).getOrDefault(SERVICES_443_FLOWS, 0.0)).isGreaterThanOrEqualTo(10_001.0));
      Thread.sleep(2000);
      assertThat(scrape(registry)).containsEntry(SERVICES_443_FLOWS, 10_001.0)
          .containsEntry("flow_aggregator_replayed_records_total", 10_000.0);
    }
  }

  @Test
  void shouldStayWithinTheCapsUnderAFloodOfDistinctFlows() throws Exception {
    int flows = Integer.getInteger("flowlens.flood.flows", 1_000_000);
    KafkaConfig kafkaConfig = topic("flood", 2);
    produceDistinct(kafkaConfig, flows);
    PrometheusMeterRegistry registry = MetricsRegistry.create();
    Path state = dir.resolve("state");
    try (Aggregator aggregator = aggregator("flood", kafkaConfig, registry, state)) {
      long started = System.nanoTime();
      aggregator.start();
      await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
          .until(() -> countedEverywhere(scrape(registry), flows));
      double seconds = (System.nanoTime() - started) / 1e9;
      Thread.sleep(2000);
      Map<String, Double> s = scrape(registry);
      long talkers = s.keySet().stream().filter(k -> k.startsWith("flow_bytes_total{aggregation=\"talkers\"")).count();
      assertThat(talkers).isLessThanOrEqualTo(10_000 + 2);
      double total = s.entrySet().stream().filter(e -> e.getKey().startsWith("flow_flows_total{aggregation=\"talkers\""))
          .mapToDouble(Map.Entry::getValue).sum();
      assertThat(total).isEqualTo(flows);

      long scrapeStart = System.nanoTime();
      int series = scrapeText(registry).split("\n").length;
      double scrapeMs = (System.nanoTime() - scrapeStart) / 1e6;
      System.gc();
      long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
      System.out.printf("flood: %,d distinct flows in %.1f s (%,.0f records/s incl. start-up); talkers series %,d;"
          + " scrape %,d lines in %.1f ms; heap after GC %,d MiB; state dir %,d KiB%n", flows, seconds, flows / seconds,
          talkers, series, scrapeMs, heap >> 20, size(state) >> 10);
    }
  }

  private KafkaConfig topic(String name, int partitions) throws Exception {
    kafka.createTopic(name, partitions);
    return new ConfigLoader(Map.of()).parse("bootstrap_servers: " + kafka.bootstrapServers() + "\ntopic: " + name
        + "\npartitions: " + partitions, KafkaConfig.class, "test");
  }

  private Aggregator aggregator(String id, KafkaConfig kafkaConfig, PrometheusMeterRegistry registry, Path state)
      throws Exception {
    return aggregator(id, kafkaConfig, registry, state, "200ms");
  }

  private Aggregator aggregator(String id, KafkaConfig kafkaConfig, PrometheusMeterRegistry registry, Path state,
      String commitInterval) throws Exception {
    AggregatorConfig config = new ConfigLoader(Map.of()).parse("application_id: it-" + id + "\ncommit_interval: "
        + commitInterval, AggregatorConfig.class, "test");
    return new Aggregator(config, kafkaConfig, new MetricsConfig(), registry, AddressLookup.NONE, state);
  }

  /** {@code count} flows from 100 talkers to one HTTPS service, 1000 bytes each. */
  private void produce(KafkaConfig kafkaConfig, int from, int count) {
    produce(kafkaConfig, null, from, count);
  }

  /** The same, all to {@code partition} (null: where the producer's partitioner puts them). */
  private void produce(KafkaConfig kafkaConfig, Integer partition, int from, int count) {
    long now = System.currentTimeMillis();
    try (KafkaProducer<byte[], FlowRecord> producer = kafka.producer()) {
      for (int i = from; i < from + count; i++) {
        producer.send(new ProducerRecord<>(kafkaConfig.topic(), partition, null,
            flow("10.0.0." + (i % 100), "10.1.0.1", now).build()));
      }
    }
  }

  private void produceDistinct(KafkaConfig kafkaConfig, int count) {
    long now = System.currentTimeMillis();
    FlowRecord.Builder b = flow("10.0.0.1", "10.1.0.1", now);
    try (KafkaProducer<byte[], FlowRecord> producer = kafka.producer()) {
      for (int i = 0; i < count; i++) {
        b.setSrcAddr(java.nio.ByteBuffer.wrap(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i}))
            .setSrcPort(1024 + i % 60_000);
        producer.send(new ProducerRecord<>(kafkaConfig.topic(), b.build()));
      }
    }
  }

  /** Whether the last stage has counted {@code flows} flows in every aggregation. */
  private static boolean countedEverywhere(Map<String, Double> scrape, long flows) {
    List<Double> counted = scrape.entrySet().stream()
        .filter(e -> e.getKey().startsWith("flow_aggregator_counted_flows_total{")).map(Map.Entry::getValue).toList();
    return !counted.isEmpty() && counted.stream().allMatch(c -> c >= flows);
  }

  private static String scrapeText(PrometheusMeterRegistry registry) {
    return Exposition.text(registry.getPrometheusRegistry().scrape());
  }

  private static Map<String, Double> scrape(PrometheusMeterRegistry registry) {
    return Exposition.series(scrapeText(registry));
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }
}

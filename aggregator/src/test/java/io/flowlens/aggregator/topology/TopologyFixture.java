package io.flowlens.aggregator.topology;

import io.flowlens.aggregator.Aggregator;
import io.flowlens.aggregator.AggregatorConfig;
import io.flowlens.aggregator.Exposition;
import io.flowlens.aggregator.enrich.AddressLookup;
import io.flowlens.aggregator.http.FlowMetricsCollector;
import io.flowlens.aggregator.http.SeriesStores;
import io.flowlens.configuration.ConfigException;
import io.flowlens.configuration.ConfigLoader;
import io.flowlens.configuration.KafkaConfig;
import io.flowlens.configuration.MetricsConfig;
import io.flowlens.schema.FlowRecord;
import io.flowlens.schema.FlowRecordSerializer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** A TopologyTestDriver around {@link FlowTopology#build} with a scrape of its stores. */
public final class TopologyFixture implements AutoCloseable {
  public static final String TOPIC = "flows";

  public final AggregatorConfig config;
  public final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  public final TopologyMetrics metrics;
  public final TopologyTestDriver driver;
  public final TestInputTopic<byte[], FlowRecord> input;
  public final TestInputTopic<byte[], byte[]> raw;

  /** {@code yaml} is an {@code aggregator:} section; the repartition has one partition, so caps are exact. */
  public TopologyFixture(String yaml, AddressLookup lookup, Instant wallClock, Path stateDir) {
    this(yaml, lookup, wallClock, stateDir, InputReplay.NONE);
  }

  /** As above, with the combiner re-reading the flow topic through {@code replay}. */
  public TopologyFixture(String yaml, AddressLookup lookup, Instant wallClock, Path stateDir, InputReplay replay) {
    try {
      config = new ConfigLoader(Map.of()).parse(yaml.isBlank() ? "{}" : yaml, AggregatorConfig.class, "test");
    } catch (ConfigException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    metrics = new TopologyMetrics(registry, new MetricsConfig());
    Properties props = Aggregator.streamsProperties(config, new KafkaConfig(), stateDir, metrics);
    driver = new TopologyTestDriver(FlowTopology.build(config, TOPIC, 1, lookup, metrics, replay), props, wallClock);
    input = driver.createInputTopic(TOPIC, new ByteArraySerializer(), new FlowRecordSerializer());
    raw = driver.createInputTopic(TOPIC, new ByteArraySerializer(), new ByteArraySerializer());
  }

  public void send(FlowRecord.Builder flow) {
    input.pipeInput(null, flow.build());
  }

  /** Lets wall-clock time pass: the combiner flushes and maintenance runs when their interval is reached. */
  public void advance(Duration d) {
    driver.advanceWallClockTime(d);
  }

  public SeriesStores stores() {
    return new SeriesStores(() -> driver.getKeyValueStore(FlowTopology.SERIES_STORE));
  }

  /** The flow metrics as a scrape at {@code now} would show them: {@code name{labels}} -> value, sorted. */
  public Map<String, Double> scrape(Instant now) {
    FlowMetricsCollector collector =
        new FlowMetricsCollector(config, new MetricsConfig(), stores(), Clock.fixed(now, ZoneOffset.UTC));
    return Exposition.series(Exposition.text(collector.collect()));
  }

  @Override
  public void close() {
    driver.close();
  }
}

package io.flowlens.aggregator;

import io.flowlens.aggregator.enrich.AddressLookup;
import io.flowlens.aggregator.http.FlowMetricsCollector;
import io.flowlens.aggregator.http.SeriesStores;
import io.flowlens.aggregator.http.TopRoute;
import io.flowlens.aggregator.topology.CountingDeserializationHandler;
import io.flowlens.aggregator.topology.FlowTopology;
import io.flowlens.aggregator.topology.InputReplay;
import io.flowlens.aggregator.topology.KafkaInputReplay;
import io.flowlens.aggregator.topology.TopologyMetrics;
import io.flowlens.aggregator.window.SeriesState;
import io.flowlens.configuration.KafkaConfig;
import io.flowlens.configuration.MetricsConfig;
import io.flowlens.http.HttpRoutes;
import io.flowlens.http.ReadinessCheck;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aggregator tier: a Kafka Streams application on the flow topic ({@link FlowTopology}) whose
 * state stores are served as Prometheus metrics at scrape time ({@link FlowMetricsCollector},
 * registered on the process's registry) and as {@code /api/top} ({@link #routes()}). It creates no
 * HTTP server: the process wires its one server with {@link #routes()} and {@link #readinessCheck()}.
 *
 * <p>The constructor is inert; {@link #start()} registers the metrics and starts Kafka Streams;
 * {@link #close()} stops it (state is committed and kept in the state directory for the next start).
 */
public final class Aggregator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Aggregator.class);

  private final AggregatorConfig config;
  private final KafkaConfig kafka;
  private final MetricsConfig metricsConfig;
  private final PrometheusMeterRegistry registry;
  private final AddressLookup lookup;
  private final Path stateDir;
  private final SeriesStores stores;
  private volatile KafkaStreams streams;
  private FlowMetricsCollector collector;
  private KafkaStreamsMetrics streamsMetrics;

  /**
   * @param defaultStateDir the state directory when {@code aggregator.state_dir} is empty
   *     (normally {@code <data_dir>/streams})
   */
  public Aggregator(AggregatorConfig config, KafkaConfig kafka, MetricsConfig metrics, PrometheusMeterRegistry registry,
      AddressLookup lookup, Path defaultStateDir) {
    this.config = config;
    this.kafka = kafka;
    this.metricsConfig = metrics;
    this.registry = registry;
    this.lookup = lookup;
    this.stateDir = config.stateDir().isEmpty() ? defaultStateDir : Path.of(config.stateDir());
    this.stores = new SeriesStores(this::seriesStore);
  }

  public void start() {
    TopologyMetrics metrics = new TopologyMetrics(registry, metricsConfig);
    Map<String, Object> client = new HashMap<>(kafka.properties());
    client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    InputReplay replay = new KafkaInputReplay(client, Duration.ofMinutes(2));
    streams = new KafkaStreams(FlowTopology.build(config, kafka.topic(), kafka.partitions(), lookup, metrics, replay),
        streamsProperties(config, kafka, stateDir, metrics));
    streams.setUncaughtExceptionHandler(e -> {
      LOG.error("Kafka Streams thread failed; replacing it", e);
      return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(registry);
    collector = new FlowMetricsCollector(config, metricsConfig, stores, Clock.systemUTC());
    registry.getPrometheusRegistry().register(collector);
    streams.start();
    LOG.info("aggregator started application_id={} topic={} state_dir={} processing_guarantee={}",
        config.applicationId(), kafka.topic(), stateDir, config.processingGuarantee().name().toLowerCase(Locale.ROOT));
  }

  /** The Kafka Streams configuration the aggregator runs with. */
  public static Properties streamsProperties(AggregatorConfig config, KafkaConfig kafka, Path stateDir,
      TopologyMetrics metrics) {
    Properties p = new Properties();
    p.putAll(kafka.properties());
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.processingGuarantee() == AggregatorConfig.ProcessingGuarantee.EXACTLY_ONCE_V2
        ? StreamsConfig.EXACTLY_ONCE_V2 : StreamsConfig.AT_LEAST_ONCE);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(config.commitInterval().toMillis()));
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(config.streamThreads()));
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, Long.toString(config.recordCache().bytes()));
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, Integer.toString(kafka.replicationFactor()));
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, CountingDeserializationHandler.class.getName());
    p.put(CountingDeserializationHandler.METRICS_CONFIG, metrics);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    // Larger fetches and batches: the records are small (about 100 bytes) and come in floods.
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), "5000");
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MIN_BYTES_CONFIG), "65536");
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), "50");
    p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), "20");
    p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), Integer.toString(256 * 1024));
    // A crashed instance's partitions move once its session times out (45 s by default): 10 s for a
    // collector whose scrape would otherwise miss a whole minute (kafka.properties: consumer.session.timeout.ms).
    p.putIfAbsent(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), "10000");
    p.putIfAbsent(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), "2000");
    // Under exactly-once a transaction stays open for a commit interval: Kafka Streams refuses a
    // transaction timeout (10 s by default) shorter than that. At least 5 s longer than the interval,
    // so that a transaction outlives a slow commit; a crashed instance's open transaction holds up the
    // readers of its output for as long (kafka.properties: producer.transaction.timeout.ms).
    p.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
        Long.toString(Math.max(10_000, config.commitInterval().toMillis() + 5_000)));
    return p;
  }

  /** {@code /api/top}. */
  public HttpRoutes routes() {
    return new TopRoute(config, stores, Clock.systemUTC());
  }

  /** Ready when Kafka Streams is RUNNING (it has its partitions and restored their state). */
  public ReadinessCheck readinessCheck() {
    return new ReadinessCheck() {
      @Override
      public String name() {
        return "aggregator";
      }

      @Override
      public String notReadyReason() {
        KafkaStreams s = streams;
        if (s == null) {
          return "not started";
        }
        KafkaStreams.State state = s.state();
        return state == KafkaStreams.State.RUNNING ? null : "Kafka Streams is " + state;
      }
    };
  }

  /** Kafka Streams' state, for tests and logs; null before {@link #start()}. */
  public KafkaStreams.State state() {
    KafkaStreams s = streams;
    return s == null ? null : s.state();
  }

  private ReadOnlyKeyValueStore<Bytes, SeriesState> seriesStore() {
    return running().store(SeriesStores.query());
  }

  private KafkaStreams running() {
    KafkaStreams s = streams;
    if (s == null) {
      throw new InvalidStateStoreException("the aggregator is not started");
    }
    return s;
  }

  @Override
  public void close() {
    if (collector != null) {
      registry.getPrometheusRegistry().unregister(collector);
      collector = null;
    }
    if (streamsMetrics != null) {
      streamsMetrics.close();
      streamsMetrics = null;
    }
    KafkaStreams s = streams;
    if (s != null) {
      // leaveGroup(true) is a no-op for dynamic members in Kafka Streams 4.1 (KAFKA-16758): the partitions
      // move after the session timeout, which streamsProperties shortens to 10 s. It takes effect once
      // Kafka Streams honours it, and then lets the remaining instances take over at once.
      s.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(Duration.ofSeconds(60)));
      streams = null;
      LOG.info("aggregator stopped");
    }
  }
}

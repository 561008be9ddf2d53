package io.flowlens.app;

import io.flowlens.configuration.HttpConfig;
import io.flowlens.configuration.KafkaConfig;
import io.flowlens.demo.DemoExporter;
import io.flowlens.demo.DemoExporterConfig;
import io.flowlens.demo.DemoProtocol;
import io.flowlens.http.HttpRoutes;
import io.flowlens.http.HttpServer;
import io.flowlens.http.MetricsRegistry;
import io.flowlens.http.ReadinessCheck;
import io.flowlens.kafka.embedded.EmbeddedKafka;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running flowlens process, wired by hand in one place for each command: what it runs, in which
 * order, sharing one metrics registry and one HTTP server. Components start in dependency order and
 * stop in reverse: in all-in-one the embedded broker starts first and stops last, so that its log is
 * consistent when the process ends.
 */
public final class FlowlensProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FlowlensProcess.class);

  private final Components components;
  private final HttpServer http;
  private final KafkaConfig kafka;

  private FlowlensProcess(Components components, HttpServer http, KafkaConfig kafka) {
    this.components = components;
    this.http = http;
    this.kafka = kafka;
  }

  /**
   * {@code all-in-one}: the embedded broker, then every tier, behind one HTTP server.
   *
   * @param demo demo exporters to run once everything else is up (none without {@code --demo})
   */
  public static FlowlensProcess allInOne(FlowlensConfig config, List<DemoExporterConfig> demo) {
    Components components = new Components();
    try {
      EmbeddedKafka broker = components.start("embedded Kafka",
          new EmbeddedKafka(config.embeddedKafka(), config.embeddedKafkaDir()), EmbeddedKafka::start);
      KafkaConfig kafka = config.kafka().withBootstrapServers(broker.bootstrapServers());
      int partitions = FlowTopic.ensure(kafka, 1);
      PrometheusMeterRegistry registry = MetricsRegistry.create();
      components.add("metrics registry", registry::close);
      List<HttpRoutes> routes = new ArrayList<>();
      List<ReadinessCheck> readiness = new ArrayList<>();
      HttpServer http = components.start("HTTP server",
          new HttpServer(config.http(), registry, routes, readiness), HttpServer::start);
      for (DemoExporterConfig traffic : demo) {
        components.start("demo exporter " + traffic.protocol().cliName(), new DemoExporter(traffic),
            DemoExporter::start);
      }

      LOG.atInfo().setMessage("flowlens all-in-one started").log();
      logHttp(config.http(), http);
      LOG.atInfo().setMessage("  kafka: embedded broker").addKeyValue("bootstrap_servers", kafka.bootstrapServers())
          .addKeyValue("topic", kafka.topic()).addKeyValue("partitions", partitions).log();
      LOG.atInfo().setMessage("  data").addKeyValue("data_dir", config.dataDir().toAbsolutePath().normalize())
          .addKeyValue("kafka_log_dir", config.embeddedKafkaDir().toAbsolutePath().normalize()).log();
      for (DemoExporterConfig traffic : demo) {
        LOG.atInfo().setMessage("  demo traffic").addKeyValue("protocol", traffic.protocol().cliName())
            .addKeyValue("target", traffic.target().getHostString() + ":" + traffic.target().getPort())
            .addKeyValue("flows_per_second", traffic.flowsPerSecond()).log();
      }
      return new FlowlensProcess(components, http, kafka);
    } catch (RuntimeException e) {
      components.close();
      throw e;
    }
  }

  /** The traffic of {@code --demo}: each protocol to this machine's listener on its default port. */
  public static List<DemoExporterConfig> localDemoTraffic() {
    return Arrays.stream(DemoProtocol.values()).map(DemoExporterConfig::localDemo).toList();
  }

  /** {@code agent}: the ingest tier against {@code kafka.bootstrap_servers}. */
  public static FlowlensProcess agent(FlowlensConfig config) {
    return tier("agent", config);
  }

  /** {@code aggregator}: the aggregation tier against {@code kafka.bootstrap_servers}. */
  public static FlowlensProcess aggregator(FlowlensConfig config) {
    return tier("aggregator", config);
  }

  private static FlowlensProcess tier(String name, FlowlensConfig config) {
    Components components = new Components();
    try {
      KafkaConfig kafka = config.kafka();
      int partitions = FlowTopic.ensure(kafka, kafka.replicationFactor());
      PrometheusMeterRegistry registry = MetricsRegistry.create();
      components.add("metrics registry", registry::close);
      List<HttpRoutes> routes = new ArrayList<>();
      List<ReadinessCheck> readiness = new ArrayList<>();
      HttpServer http = components.start("HTTP server",
          new HttpServer(config.http(), registry, routes, readiness), HttpServer::start);

      LOG.atInfo().setMessage("flowlens " + name + " started").log();
      logHttp(config.http(), http);
      LOG.atInfo().setMessage("  kafka").addKeyValue("bootstrap_servers", kafka.bootstrapServers())
          .addKeyValue("topic", kafka.topic()).addKeyValue("partitions", partitions).log();
      return new FlowlensProcess(components, http, kafka);
    } catch (RuntimeException e) {
      components.close();
      throw e;
    }
  }

  private static void logHttp(HttpConfig config, HttpServer http) {
    LOG.atInfo().setMessage("  http: /metrics /healthz /readyz").addKeyValue("address", config.address())
        .addKeyValue("port", http.port()).log();
  }

  /** The port of the HTTP server (the one the system chose when the configuration says 0). */
  public int httpPort() {
    return http.port();
  }

  /** The Kafka configuration every component of this process uses (in all-in-one, the embedded broker's). */
  public KafkaConfig kafka() {
    return kafka;
  }

  /** Stops every component, the last started first. */
  @Override
  public void close() {
    components.close();
  }
}

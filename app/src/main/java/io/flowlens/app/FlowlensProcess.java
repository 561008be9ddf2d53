package io.flowlens.app;

import io.flowlens.agent.AgentConfig;
import io.flowlens.agent.IngestAgent;
import io.flowlens.agent.ListenerConfig;
import io.flowlens.aggregator.Aggregator;
import io.flowlens.aggregator.enrich.GeoIpConfig;
import io.flowlens.aggregator.enrich.GeoIpEnricher;
import io.flowlens.aggregator.enrich.LookupRoutes;
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
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running flowlens process, wired by hand in one place for each command: what it runs, in which
 * order, sharing one metrics registry and one HTTP server. Components start in dependency order and
 * stop in reverse: in all-in-one the embedded broker starts first and stops last (its log stays
 * consistent), the aggregator starts before the agent (and so stops after it: the agent's last
 * records are flushed into Kafka while the aggregator still runs), and the HTTP server, which needs
 * the tiers' routes, starts after them.
 */
public final class FlowlensProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FlowlensProcess.class);

  private final Components components;
  private final HttpServer http;
  private final KafkaConfig kafka;
  private final IngestAgent agent;

  private FlowlensProcess(Components components, HttpServer http, KafkaConfig kafka, IngestAgent agent) {
    this.components = components;
    this.http = http;
    this.kafka = kafka;
    this.agent = agent;
  }

  /** What the tiers of a process add to its one HTTP server. */
  private static final class Endpoints {
    final List<HttpRoutes> routes = new ArrayList<>();
    final List<ReadinessCheck> readiness = new ArrayList<>();
  }

  /**
   * {@code all-in-one}: the embedded broker, the aggregator and the agent behind one HTTP server
   * (the aggregator's {@code http} listener).
   *
   * @param demo also run one demo exporter per protocol against the agent's own listeners; when the
   *     configuration names no GeoIP database, the bundled GeoLite2 2019 databases are used
   */
  public static FlowlensProcess allInOne(FlowlensConfig config, boolean demo) {
    Components components = new Components();
    try {
      EmbeddedKafka broker = components.start("embedded Kafka",
          new EmbeddedKafka(config.embeddedKafka(), config.embeddedKafkaDir()), EmbeddedKafka::start);
      KafkaConfig kafka = config.kafka().withBootstrapServers(broker.bootstrapServers());
      int partitions = FlowTopic.ensure(kafka, 1);
      PrometheusMeterRegistry registry = MetricsRegistry.create();
      components.add("metrics registry", registry::close);
      Endpoints endpoints = new Endpoints();
      GeoIpConfig geoip = demo && config.aggregator().geoip().noDatabases()
          ? DemoGeoIpDatabases.unpack(config.aggregator().geoip(), config.dataDir())
          : config.aggregator().geoip();
      startAggregator(components, config, kafka, registry, geoip, endpoints);
      IngestAgent agent = startAgent(components, config, kafka, registry, endpoints);
      HttpServer http = components.start("HTTP server",
          new HttpServer(config.aggregator().http(), registry, endpoints.routes, endpoints.readiness), HttpServer::start);
      List<DemoExporterConfig> traffic = demo ? demoTraffic(config.agent(), agent) : List.of();
      for (DemoExporterConfig t : traffic) {
        components.start("demo exporter " + t.protocol().cliName(), new DemoExporter(t), DemoExporter::start);
      }

      LOG.atInfo().setMessage("flowlens all-in-one started").log();
      logHttp(config.aggregator().http(), http);
      logListeners(config.agent(), agent);
      LOG.atInfo().setMessage("  kafka: embedded broker").addKeyValue("bootstrap_servers", kafka.bootstrapServers())
          .addKeyValue("topic", kafka.topic()).addKeyValue("partitions", partitions).log();
      logEnrichment(geoip);
      LOG.atInfo().setMessage("  data").addKeyValue("data_dir", config.dataDir().toAbsolutePath().normalize())
          .addKeyValue("kafka_log_dir", config.embeddedKafkaDir().toAbsolutePath().normalize()).log();
      for (DemoExporterConfig t : traffic) {
        LOG.atInfo().setMessage("  demo traffic").addKeyValue("protocol", t.protocol().cliName())
            .addKeyValue("target", t.target().getHostString() + ":" + t.target().getPort())
            .addKeyValue("flows_per_second", t.flowsPerSecond()).log();
      }
      return new FlowlensProcess(components, http, kafka, agent);
    } catch (RuntimeException e) {
      components.close();
      throw e;
    }
  }

  /** {@code agent}: the ingest tier against {@code kafka.bootstrap_servers}, HTTP on {@code agent.http}. */
  public static FlowlensProcess agent(FlowlensConfig config) {
    return tier("agent", config, config.agent().http(), (components, kafka, registry, endpoints) -> {
      IngestAgent agent = startAgent(components, config, kafka, registry, endpoints);
      return new StartedTier(agent, () -> logListeners(config.agent(), agent));
    });
  }

  /** {@code aggregator}: the aggregation tier against {@code kafka.bootstrap_servers}, HTTP on {@code aggregator.http}. */
  public static FlowlensProcess aggregator(FlowlensConfig config) {
    return tier("aggregator", config, config.aggregator().http(), (components, kafka, registry, endpoints) -> {
      startAggregator(components, config, kafka, registry, config.aggregator().geoip(), endpoints);
      return new StartedTier(null, () -> logEnrichment(config.aggregator().geoip()));
    });
  }

  /** Starts one tier's components. */
  private interface Tier {
    StartedTier start(Components components, KafkaConfig kafka, PrometheusMeterRegistry registry, Endpoints endpoints);
  }

  /** A started tier: its agent (null for the aggregator) and what the start-up summary says of it. */
  private record StartedTier(IngestAgent agent, Runnable summary) {}

  /** A process that runs one tier against an external Kafka cluster, behind its own HTTP server. */
  private static FlowlensProcess tier(String name, FlowlensConfig config, HttpConfig httpConfig, Tier tier) {
    Components components = new Components();
    try {
      KafkaConfig kafka = config.kafka();
      int partitions = FlowTopic.ensure(kafka, kafka.replicationFactor());
      PrometheusMeterRegistry registry = MetricsRegistry.create();
      components.add("metrics registry", registry::close);
      Endpoints endpoints = new Endpoints();
      StartedTier started = tier.start(components, kafka, registry, endpoints);
      HttpServer http = components.start("HTTP server",
          new HttpServer(httpConfig, registry, endpoints.routes, endpoints.readiness), HttpServer::start);

      LOG.atInfo().setMessage("flowlens " + name + " started").log();
      logHttp(httpConfig, http);
      logKafka(kafka, partitions);
      started.summary().run();
      return new FlowlensProcess(components, http, kafka, started.agent());
    } catch (RuntimeException e) {
      components.close();
      throw e;
    }
  }

  private static void startAggregator(Components components, FlowlensConfig config, KafkaConfig kafka,
      PrometheusMeterRegistry registry, GeoIpConfig geoip, Endpoints endpoints) {
    GeoIpEnricher enricher = components.start("GeoIP enrichment",
        new GeoIpEnricher(geoip, registry, config.metrics()), GeoIpEnricher::start);
    Aggregator aggregator = components.start("aggregator", new Aggregator(config.aggregator(), kafka, config.metrics(),
        registry, enricher, config.streamsStateDir()), Aggregator::start);
    endpoints.routes.add(aggregator.routes());
    endpoints.routes.add(new LookupRoutes(enricher));
    endpoints.readiness.add(aggregator.readinessCheck());
  }

  private static IngestAgent startAgent(Components components, FlowlensConfig config, KafkaConfig kafka,
      PrometheusMeterRegistry registry, Endpoints endpoints) {
    IngestAgent agent = components.start("ingest agent",
        new IngestAgent(config.agent(), kafka, config.metrics(), registry), IngestAgent::start);
    endpoints.readiness.add(agent.readinessCheck());
    return agent;
  }

  /**
   * One demo exporter per protocol, aimed at the first listener of that protocol on this machine's
   * loopback address (the listener's actual port, also when it was configured as 0).
   */
  static List<DemoExporterConfig> demoTraffic(AgentConfig config, IngestAgent agent) {
    List<DemoExporterConfig> traffic = new ArrayList<>();
    for (DemoProtocol protocol : DemoProtocol.values()) {
      List<ListenerConfig> listeners = config.listeners();
      int index = -1;
      for (int i = 0; i < listeners.size() && index < 0; i++) {
        if (listeners.get(i).protocol().name().equals(protocol.name())) {
          index = i;
        }
      }
      if (index < 0) {
        LOG.warn("--demo: no {} listener is configured under agent.listeners, so no {} demo traffic",
            protocol.cliName(), protocol.cliName());
        continue;
      }
      InetAddress listenAddress = listeners.get(index).inetAddress();
      boolean ipv6Only = listenAddress instanceof Inet6Address && !listenAddress.isAnyLocalAddress();
      InetAddress loopback = ipv6Only ? ipv6Loopback() : loopbackIpv4();
      traffic.add(DemoExporterConfig.defaults(new InetSocketAddress(loopback, agent.boundPort(index)), protocol));
    }
    return traffic;
  }

  private static InetAddress loopbackIpv4() {
    return InetAddress.getLoopbackAddress() instanceof Inet6Address ? byAddress(new byte[] {127, 0, 0, 1})
        : InetAddress.getLoopbackAddress();
  }

  private static InetAddress ipv6Loopback() {
    byte[] one = new byte[16];
    one[15] = 1;
    return byAddress(one);
  }

  private static InetAddress byAddress(byte[] address) {
    try {
      return InetAddress.getByAddress(address);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static void logHttp(HttpConfig config, HttpServer http) {
    LOG.atInfo().setMessage("  http: /metrics /healthz /readyz /api").addKeyValue("address", config.address())
        .addKeyValue("port", http.port()).log();
  }

  private static void logListeners(AgentConfig config, IngestAgent agent) {
    for (int i = 0; i < config.listeners().size(); i++) {
      ListenerConfig l = config.listeners().get(i);
      LOG.atInfo().setMessage("  listener").addKeyValue("protocol", l.protocol().name().toLowerCase(java.util.Locale.ROOT))
          .addKeyValue("address", l.address()).addKeyValue("port", agent.boundPort(i))
          .addKeyValue("sockets", l.sockets()).log();
    }
  }

  private static void logKafka(KafkaConfig kafka, int partitions) {
    LOG.atInfo().setMessage("  kafka").addKeyValue("bootstrap_servers", kafka.bootstrapServers())
        .addKeyValue("topic", kafka.topic()).addKeyValue("partitions", partitions).log();
  }

  private static void logEnrichment(GeoIpConfig geoip) {
    LOG.atInfo().setMessage("  enrichment").addKeyValue("city_database", geoip.cityDatabase().isEmpty() ? "none" : geoip.cityDatabase())
        .addKeyValue("asn_database", geoip.asnDatabase().isEmpty() ? "none" : geoip.asnDatabase()).log();
  }

  /** The port of the HTTP server (the one the system chose when the configuration says 0). */
  public int httpPort() {
    return http.port();
  }

  /** The UDP port of agent listener {@code index}; the process must run an agent. */
  public int listenerPort(int index) {
    if (agent == null) {
      throw new IllegalStateException("this process runs no ingest agent");
    }
    return agent.boundPort(index);
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

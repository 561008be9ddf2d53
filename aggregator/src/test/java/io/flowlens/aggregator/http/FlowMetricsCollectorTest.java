package io.flowlens.aggregator.http;

import static io.flowlens.aggregator.topology.Flows.flow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.flowlens.aggregator.enrich.AddressLookup;
import io.flowlens.aggregator.topology.TopologyFixture;
import io.flowlens.configuration.HttpConfig;
import io.flowlens.configuration.MetricsConfig;
import io.flowlens.http.HttpServer;
import io.flowlens.http.MetricsRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowMetricsCollectorTest {
  static final Instant T0 = Instant.parse("2024-05-01T10:00:05Z");
  static final long NOW = T0.toEpochMilli();
  /** After the 10:00 minute and its grace: the rolling windows end at 10:01 (1m: 10:00-10:01). */
  static final Instant SCRAPE = Instant.parse("2024-05-01T10:01:31Z");
  static final String YAML = """
      windows: [1m]
      aggregations:
        - {name: services, dimensions: [proto, dst_port]}
      interfaces: {enabled: false}
      """;

  @TempDir Path stateDir;
  final HttpClient client = HttpClient.newHttpClient();

  @Test
  void shouldExposeExactlyTheExpectedSeriesThroughTheHttpServer() throws Exception {
    try (TopologyFixture f = new TopologyFixture(YAML, AddressLookup.NONE, T0, stateDir)) {
      f.send(flow("10.0.0.1", "10.0.0.2", NOW));
      f.send(flow("10.0.0.1", "10.0.0.3", NOW).setProto(17).setDstPort(53).setBytes(300).setPackets(3));
      f.advance(Duration.ofSeconds(1));
      PrometheusMeterRegistry registry = MetricsRegistry.create();
      Clock clock = Clock.fixed(SCRAPE, ZoneOffset.UTC);
      registry.getPrometheusRegistry().register(new FlowMetricsCollector(f.config, new MetricsConfig(), f.stores(), clock));
      try (HttpServer server = new HttpServer(HttpConfig.onPort(0), registry, List.of(new TopRoute(f.config, f.stores(), clock)),
          List.of())) {
        server.start();
        String body = get(server, "/metrics").body();

        List<String> flowLines = Arrays.stream(body.split("\n"))
            .filter(l -> l.startsWith("flow_") && !l.startsWith("flow_aggregator_")).sorted().toList();
        assertThat(flowLines).containsExactly(
            "flow_bandwidth_bps{aggregation=\"services\",dst_port=\"443\",proto=\"6\",window=\"1m\"} 133.33333333333334",
            "flow_bandwidth_bps{aggregation=\"services\",dst_port=\"53\",proto=\"17\",window=\"1m\"} 40.0",
            "flow_bytes_total{aggregation=\"services\",dst_port=\"443\",proto=\"6\"} 1000.0",
            "flow_bytes_total{aggregation=\"services\",dst_port=\"53\",proto=\"17\"} 300.0",
            "flow_flows_total{aggregation=\"services\",dst_port=\"443\",proto=\"6\"} 1.0",
            "flow_flows_total{aggregation=\"services\",dst_port=\"53\",proto=\"17\"} 1.0",
            "flow_packets_total{aggregation=\"services\",dst_port=\"443\",proto=\"6\"} 10.0",
            "flow_packets_total{aggregation=\"services\",dst_port=\"53\",proto=\"17\"} 3.0",
            "flow_window_bytes{aggregation=\"services\",dst_port=\"443\",proto=\"6\",window=\"1m\"} 1000.0",
            "flow_window_bytes{aggregation=\"services\",dst_port=\"53\",proto=\"17\",window=\"1m\"} 300.0",
            "flow_window_flows{aggregation=\"services\",dst_port=\"443\",proto=\"6\",window=\"1m\"} 1.0",
            "flow_window_flows{aggregation=\"services\",dst_port=\"53\",proto=\"17\",window=\"1m\"} 1.0",
            "flow_window_packets{aggregation=\"services\",dst_port=\"443\",proto=\"6\",window=\"1m\"} 10.0",
            "flow_window_packets{aggregation=\"services\",dst_port=\"53\",proto=\"17\",window=\"1m\"} 3.0");
        assertThat(body).contains("# TYPE flow_bytes_total counter", "# TYPE flow_bandwidth_bps gauge",
            "flow_aggregator_series{aggregation=\"services\"} 2.0");
        // The JVM metrics that MetricsRegistry binds (process_cpu_time_ns_total, system_cpu_count) fail
        // promtool's lint on their own; the aggregator answers for its flow_ families.
        promtoolAccepts(Arrays.stream(body.split("\n"))
            .filter(l -> l.startsWith("flow_") || l.startsWith("# HELP flow_") || l.startsWith("# TYPE flow_"))
            .collect(java.util.stream.Collectors.joining("\n", "", "\n")));

        String openMetrics = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
            .header("Accept", "application/openmetrics-text; version=1.0.0").build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(openMetrics).contains("flow_bytes_total{aggregation=\"services\",dst_port=\"443\",proto=\"6\"} 1000.0")
            .endsWith("# EOF\n");
      }
    }
  }

  @Test
  void shouldAnswerTopSeriesAsJsonAndRejectUnknownNames() throws Exception {
    try (TopologyFixture f = new TopologyFixture(YAML, AddressLookup.NONE, T0, stateDir)) {
      f.send(flow("10.0.0.1", "10.0.0.2", NOW));
      f.send(flow("10.0.0.1", "10.0.0.3", NOW).setProto(17).setDstPort(53).setBytes(300));
      f.send(flow("10.0.0.1", "10.0.0.3", NOW).setProto(17).setDstPort(123).setBytes(50));
      f.advance(Duration.ofSeconds(1));
      Clock clock = Clock.fixed(SCRAPE, ZoneOffset.UTC);
      try (HttpServer server = new HttpServer(HttpConfig.onPort(0), MetricsRegistry.create(),
          List.of(new TopRoute(f.config, f.stores(), clock)), List.of())) {
        server.start();
        HttpResponse<String> top = get(server, "/api/top?aggregation=services&window=1m&n=2");
        assertThat(top.statusCode()).isEqualTo(200);
        assertThat(top.body()).isEqualTo("{\"aggregation\":\"services\",\"window\":\"1m\","
            + "\"window_start\":\"2024-05-01T10:00:00Z\",\"window_end\":\"2024-05-01T10:01:00Z\",\"series\":["
            + "{\"labels\":{\"proto\":\"6\",\"dst_port\":\"443\"},\"bytes\":1000,\"packets\":10,\"flows\":1,\"bps\":133.33333333333334},"
            + "{\"labels\":{\"proto\":\"17\",\"dst_port\":\"53\"},\"bytes\":300,\"packets\":10,\"flows\":1,\"bps\":40.0}]}");

        HttpResponse<String> badAggregation = get(server, "/api/top?aggregation=nope&window=1m");
        assertThat(badAggregation.statusCode()).isEqualTo(400);
        assertThat(badAggregation.body()).contains("unknown aggregation 'nope'; valid: services");
        HttpResponse<String> badWindow = get(server, "/api/top?aggregation=services&window=5m");
        assertThat(badWindow.statusCode()).isEqualTo(400);
        assertThat(badWindow.body()).contains("unknown window '5m'; valid for services: 1m");
        assertThat(get(server, "/api/top?aggregation=services&window=1m&n=0").statusCode()).isEqualTo(400);
      }
    }
  }

  @Test
  void shouldAnswerTopSeriesOverTheRollingWindowEndingAtTheLastCompletedMinute() throws Exception {
    String yaml = """
        windows: [1m, 5m]
        aggregations:
          - {name: services, dimensions: [proto, dst_port]}
        interfaces: {enabled: false}
        """;
    try (TopologyFixture f = new TopologyFixture(yaml, AddressLookup.NONE, T0, stateDir)) {
      // One flush per minute's flow, as time passes (a flush forwards its buckets in no particular order).
      for (long[] minuteBytes : new long[][] {{0, 600}, {1, 300}, {2, 50}}) {
        f.send(flow("10.0.0.1", "10.0.0.2", NOW + minuteBytes[0] * 60_000).setBytes(minuteBytes[1]));
        f.advance(Duration.ofSeconds(1));
      }
      // 10:02:31: the minutes 10:00 and 10:01 are complete; 10:02 is still open.
      Clock clock = Clock.fixed(SCRAPE.plusSeconds(60), ZoneOffset.UTC);
      try (HttpServer server = new HttpServer(HttpConfig.onPort(0), MetricsRegistry.create(),
          List.of(new TopRoute(f.config, f.stores(), clock)), List.of())) {
        server.start();
        assertThat(get(server, "/api/top?aggregation=services&window=5m").body()).isEqualTo(
            "{\"aggregation\":\"services\",\"window\":\"5m\","
            + "\"window_start\":\"2024-05-01T09:57:00Z\",\"window_end\":\"2024-05-01T10:02:00Z\",\"series\":["
            + "{\"labels\":{\"proto\":\"6\",\"dst_port\":\"443\"},\"bytes\":900,\"packets\":20,\"flows\":2,\"bps\":24.0}]}");
        assertThat(get(server, "/api/top?aggregation=services&window=1m").body()).contains("\"bytes\":300,");
      }
    }
  }

  private HttpResponse<String> get(HttpServer server, String path) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Runs {@code promtool check metrics} on a scrape: required in CI, an assumption elsewhere. */
  static void promtoolAccepts(String scrape) throws IOException, InterruptedException {
    boolean present = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, "promtool")));
    if (System.getenv("CI") != null) {
      assertThat(present).as("promtool must be installed in CI (Debian package prometheus)").isTrue();
    }
    assumeThat(present).as("promtool is not installed").isTrue();
    Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
    try (var in = p.getOutputStream()) {
      in.write(scrape.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("promtool check metrics said:\n" + out).isZero();
  }
}

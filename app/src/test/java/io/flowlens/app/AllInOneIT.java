package io.flowlens.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowlens.configuration.ConfigLoader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** all-in-one in this JVM, as the command runs it: embedded broker, flow topic, one HTTP server, demo traffic, restart. */
class AllInOneIT {
  @TempDir Path dir;

  private final HttpClient client = HttpClient.newHttpClient();

  private FlowlensConfig config(int httpPort) throws Exception {
    String yaml = """
        data_dir: %s
        kafka:
          topic: test-flows
          partitions: 3
        embedded_kafka:
          port: 0
          controller_port: 0
        aggregator:
          http:
            address: 127.0.0.1
            port: %d
          commit_interval: 500ms
          windows: [1m]
        %s""".formatted(dir.resolve("data"), httpPort, AgentSection.ON_LOOPBACK);
    Path file = Files.writeString(dir.resolve("flowlens.yaml"), yaml);
    return new ConfigLoader(Map.of()).load(file, FlowlensConfig.class);
  }

  private HttpResponse<String> get(FlowlensProcess process, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + process.httpPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static TopicDescription describe(String bootstrap, String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      return admin.describeTopics(Set.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
    }
  }

  @Test
  void shouldServeHealthReadinessAndMetricsAndKeepTheTopicAcrossARestart() throws Exception {
    FlowlensConfig config = config(0);
    String firstBootstrap;
    try (FlowlensProcess process = FlowlensProcess.allInOne(config, false)) {
      firstBootstrap = process.kafka().bootstrapServers();
      assertThat(firstBootstrap).isNotEqualTo(config.kafka().bootstrapServers()).startsWith("127.0.0.1:");

      assertThat(get(process, "/healthz").statusCode()).isEqualTo(200);
      await().atMost(Duration.ofMinutes(3)).untilAsserted(() -> assertThat(get(process, "/readyz").statusCode()).isEqualTo(200));
      assertThat(get(process, "/readyz").body()).startsWith("ready").contains("aggregator").contains("ingest-agent");
      HttpResponse<String> metrics = get(process, "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("process_uptime_seconds");

      assertThat(describe(firstBootstrap, "test-flows").partitions()).hasSize(3);
    }
    assertThat(dir.resolve("data/kafka/meta.properties")).exists();
  }

  @Test
  void shouldFillMetricsWithEnrichedDemoTrafficOfEveryProtocol() throws Exception {
    try (FlowlensProcess process = FlowlensProcess.allInOne(config(0), true)) {
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
        String metrics = get(process, "/metrics").body();
        for (String protocol : List.of("netflow9", "ipfix", "sflow")) {
          assertThat(metrics).containsPattern("flow_parsed_records_total\\{protocol=\"" + protocol + "\"} [1-9]");
        }
        assertThat(metrics).contains("flow_bytes_total{aggregation=\"talkers\"")
            .contains("flow_bytes_total{aggregation=\"interfaces\"")
            .containsPattern("dst_country=\"US\"")
            .containsPattern("dst_as_org=\"Google LLC\"");
      });
      assertThat(get(process, "/api/lookup?ip=8.8.8.8").body()).contains("\"asn\":15169");
      assertThat(get(process, "/metrics").body()).doesNotContainPattern("flow_dropped_records_total\\{[^}]*} [1-9]");
    }
  }

  @Test
  void shouldStopTheBrokerWhenALaterComponentCannotStart() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      FlowlensConfig config = config(taken.getLocalPort());

      assertThatThrownBy(() -> FlowlensProcess.allInOne(config, false)).isInstanceOf(Components.StartException.class)
          .hasMessageContaining("cannot start HTTP server");
    }
    // The broker was closed: a new process can take over its log directory at once.
    try (FlowlensProcess process = FlowlensProcess.allInOne(config(0), false)) {
      assertThat(get(process, "/healthz").statusCode()).isEqualTo(200);
    }
  }
}

package io.flowlens.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowlens.configuration.ConfigLoader;
import io.flowlens.demo.DemoExporterConfig;
import io.flowlens.demo.DemoProtocol;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
        http:
          address: 127.0.0.1
          port: %d
        """.formatted(dir.resolve("data"), httpPort);
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
    try (FlowlensProcess process = FlowlensProcess.allInOne(config, List.of())) {
      firstBootstrap = process.kafka().bootstrapServers();
      assertThat(firstBootstrap).isNotEqualTo(config.kafka().bootstrapServers()).startsWith("127.0.0.1:");

      assertThat(get(process, "/healthz").statusCode()).isEqualTo(200);
      HttpResponse<String> ready = get(process, "/readyz");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).startsWith("ready");
      HttpResponse<String> metrics = get(process, "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("process_uptime_seconds");

      assertThat(describe(firstBootstrap, "test-flows").partitions()).hasSize(3);
    }
    assertThat(dir.resolve("data/kafka/meta.properties")).exists();

    try (DatagramSocket collector = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      collector.setSoTimeout(10_000);
      DemoExporterConfig demo = DemoExporterConfig.defaults(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), collector.getLocalPort()), DemoProtocol.IPFIX)
          .withRate(200);
      try (FlowlensProcess process = FlowlensProcess.allInOne(config, List.of(demo))) {
        assertThat(get(process, "/readyz").statusCode()).isEqualTo(200);
        assertThat(describe(process.kafka().bootstrapServers(), "test-flows").partitions()).hasSize(3);

        DatagramPacket packet = new DatagramPacket(new byte[65_535], 65_535);
        collector.receive(packet);
        assertThat(packet.getLength()).isGreaterThan(16);
        assertThat(packet.getData()[1]).as("IPFIX version 10").isEqualTo((byte) 10);
      }
    }
  }

  @Test
  void shouldStopTheBrokerWhenALaterComponentCannotStart() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      FlowlensConfig config = config(taken.getLocalPort());

      assertThatThrownBy(() -> FlowlensProcess.allInOne(config, List.of())).isInstanceOf(Components.StartException.class)
          .hasMessageContaining("cannot start HTTP server");
    }
    // The broker was closed: a new process can take over its log directory at once.
    try (FlowlensProcess process = FlowlensProcess.allInOne(config(0), List.of())) {
      assertThat(get(process, "/healthz").statusCode()).isEqualTo(200);
    }
  }
}

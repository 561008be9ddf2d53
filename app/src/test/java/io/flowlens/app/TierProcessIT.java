package io.flowlens.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.configuration.ConfigLoader;
import io.flowlens.kafka.embedded.RunningKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The agent and aggregator processes against an existing Kafka cluster (here an embedded broker). */
class TierProcessIT {
  @RegisterExtension static final RunningKafka kafka = new RunningKafka();
  @TempDir static Path dir;

  private final HttpClient client = HttpClient.newHttpClient();

  private static FlowlensConfig config(String topic, int partitions) throws Exception {
    return new ConfigLoader(Map.of("BOOTSTRAP", kafka.bootstrapServers())).parse("""
        kafka:
          bootstrap_servers: ${BOOTSTRAP}
          topic: %s
          partitions: %d
        data_dir: %s
        aggregator:
          application_id: %s
          http:
            address: 127.0.0.1
            port: 0
        %s""".formatted(topic, partitions, dir.resolve("data-" + topic), "aggregator-" + topic, AgentSection.ON_LOOPBACK),
        FlowlensConfig.class, "test");
  }

  private static int partitions(String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      return admin.describeTopics(Set.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions()
          .size();
    }
  }

  private int status(FlowlensProcess process, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + process.httpPort() + path)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void shouldCreateTheFlowTopicAndServeHttp() throws Exception {
    try (FlowlensProcess agent = FlowlensProcess.agent(config("agent-flows", 2))) {
      assertThat(partitions("agent-flows")).isEqualTo(2);
      assertThat(agent.kafka().bootstrapServers()).isEqualTo(kafka.bootstrapServers());
      assertThat(status(agent, "/healthz")).isEqualTo(200);
      assertThat(status(agent, "/readyz")).isEqualTo(200);
      assertThat(status(agent, "/metrics")).isEqualTo(200);
    }
  }

  @Test
  void shouldUseAnExistingTopicAsItIs() throws Exception {
    try (FlowlensProcess agent = FlowlensProcess.agent(config("shared-flows", 2));
        FlowlensProcess aggregator = FlowlensProcess.aggregator(config("shared-flows", 6))) {
      assertThat(partitions("shared-flows")).isEqualTo(2);
      assertThat(status(aggregator, "/healthz")).isEqualTo(200);
      assertThat(aggregator.httpPort()).isNotEqualTo(agent.httpPort());
    }
  }
}

package io.flowlens.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowlens.app.FlowlensConfig;
import io.flowlens.app.FlowlensProcess;
import io.flowlens.configuration.ConfigLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The whole product as a user runs it, in this JVM: {@code all-in-one} (embedded broker, agent,
 * aggregator, one HTTP server) on free ports, with its listeners in the order netflow9 (IPv4),
 * ipfix (IPv6 ::1), sflow (IPv4).
 */
final class AllInOneFixture implements AutoCloseable {
  static final int NETFLOW9 = 0;
  static final int IPFIX = 1;
  static final int SFLOW = 2;

  private final FlowlensProcess process;

  private AllInOneFixture(FlowlensProcess process) {
    this.process = process;
  }

  /** Starts all-in-one with {@code aggregatorYaml} (indented under {@code aggregator:}) and waits until it is ready. */
  static AllInOneFixture start(Path dir, boolean demo, String aggregatorYaml) throws Exception {
    String yaml = """
        data_dir: %s
        embedded_kafka: {port: 0, controller_port: 0}
        agent:
          listeners:
            - {protocol: netflow9, address: 127.0.0.1, port: 0}
            - {protocol: ipfix, address: "::1", port: 0}
            - {protocol: sflow, address: 127.0.0.1, port: 0}
        aggregator:
          http: {address: 127.0.0.1, port: 0}
        %s
        """.formatted(dir.resolve("data"), aggregatorYaml.indent(2).stripTrailing());
    Path file = Files.writeString(dir.resolve("flowlens.yaml"), yaml);
    FlowlensConfig config = new ConfigLoader(Map.of()).load(file, FlowlensConfig.class);
    AllInOneFixture fixture = new AllInOneFixture(FlowlensProcess.allInOne(config, demo));
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertThat(fixture.get("/readyz").statusCode()).isEqualTo(200));
    return fixture;
  }

  int httpPort() {
    return process.httpPort();
  }

  int listenerPort(int index) {
    return process.listenerPort(index);
  }

  HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    process.close();
  }
}

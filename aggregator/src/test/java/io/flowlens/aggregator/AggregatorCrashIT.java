package io.flowlens.aggregator;

import static io.flowlens.aggregator.topology.Flows.flow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowlens.schema.FlowRecord;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of an aggregator process mid-stream: a new process on the same state directory must end
 * with exact totals (exactly_once_v2: no flow lost, none counted twice), whatever the combiner held in
 * memory when the first one died.
 */
class AggregatorCrashIT {
  static final String FLOWS_443 = "flow_flows_total{aggregation=\"services\",dst_port=\"443\",proto=\"6\"}";
  static final String BYTES_443 = "flow_bytes_total{aggregation=\"services\",dst_port=\"443\",proto=\"6\"}";

  @RegisterExtension static final RunningBroker kafka = new RunningBroker();
  @TempDir Path dir;
  private final List<Process> children = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void killChildren() throws InterruptedException {
    for (Process p : children) {
      p.destroyForcibly().waitFor();
    }
  }

  @Test
  void shouldNeitherLoseNorDoubleCountWhenKilledMidStream() throws Exception {
    kafka.createTopic("crash", 2);
    Path state = dir.resolve("state");
    produce(0, 300_000);

    int first = child("first", state);
    // Kill once part of the input is counted: the combiner holds sums, transactions are open.
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50))
        .until(() -> metrics(first).getOrDefault(FLOWS_443, 0.0) >= 20_000);
    double before = metrics(first).get(FLOWS_443);
    children.remove(0).destroyForcibly().waitFor();
    assertThat(before).isLessThan(300_000);

    long restarted = System.nanoTime();
    int second = child("second", state);
    produce(300_000, 100_000);
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
        .until(() -> metrics(second).getOrDefault(FLOWS_443, 0.0) >= 400_000);
    System.out.printf("crash: killed at %,.0f flows; second process counted all 400,000 %.1f s after its start;"
        + " replayed %,.0f records%n", before, (System.nanoTime() - restarted) / 1e9,
        metrics(second).getOrDefault("flow_aggregator_replayed_records_total", 0.0));
    Thread.sleep(1500);
    Map<String, Double> m = metrics(second);
    assertThat(m).containsEntry(FLOWS_443, 400_000.0).containsEntry(BYTES_443, 400_000 * 1000.0);
  }

  /** Starts an aggregator process on {@code state}; returns its HTTP port. */
  private int child(String name, Path state) throws Exception {
    Path portFile = dir.resolve(name + ".port");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-cp", System.getProperty("java.class.path"), AggregatorChild.class.getName(), kafka.bootstrapServers(),
        "crash", "2", "it-crash", state.toString(), portFile.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
    children.add(p);
    await().atMost(Duration.ofMinutes(3)).until(() -> Files.exists(portFile) || !p.isAlive());
    assertThat(p.isAlive()).as("child %s is running; log: %s", name, dir.resolve(name + ".log")).isTrue();
    return Integer.parseInt(Files.readString(portFile).strip());
  }

  private Map<String, Double> metrics(int port) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
        .build(), HttpResponse.BodyHandlers.ofString());
    return Exposition.series(r.body());
  }

  /** {@code count} flows from 100 talkers to one HTTPS service, 1000 bytes each. */
  private void produce(int from, int count) {
    long now = System.currentTimeMillis();
    try (KafkaProducer<byte[], FlowRecord> producer = kafka.producer()) {
      for (int i = from; i < from + count; i++) {
        producer.send(new ProducerRecord<>("crash", flow("10.0.0." + (i % 100), "10.1.0.1", now).build()));
      }
    }
  }
}

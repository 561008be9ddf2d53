package io.flowlens.bench;

import com.fasterxml.jackson.annotation.JsonMerge;
import io.flowlens.agent.AgentConfig;
import io.flowlens.agent.IngestAgent;
import io.flowlens.configuration.ConfigLoader;
import io.flowlens.configuration.ConfigProblems;
import io.flowlens.configuration.KafkaConfig;
import io.flowlens.configuration.MetricsConfig;
import io.flowlens.configuration.Validated;
import io.flowlens.kafka.embedded.EmbeddedKafka;
import io.flowlens.kafka.embedded.EmbeddedKafkaConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Throughput of the ingest agent, end to end: an embedded Kafka broker and an {@link IngestAgent} in
 * this JVM, and {@link UdpReplay} in a second JVM sending softflowd's real NetFlow v9 datagrams at a
 * paced rate. For each rate it prints records sent, parsed, in Kafka, drops by reason, kernel UDP
 * receive-buffer drops, and records/s; at the end the highest lossless rate.
 *
 * <p>Usage: {@code AgentThroughput PCAP SECONDS RATE[,RATE...] [AGENT_YAML]} — AGENT_YAML is the
 * {@code agent:} section's body (flow style), e.g. {@code "{workers: 2, queue_capacity: 65536}"}.
 */
public final class AgentThroughput {
  /** The configuration root: the product's agent and metrics sections. */
  static final class Root implements Validated {
    @JsonMerge private AgentConfig agent = AgentConfig.defaults();
    @JsonMerge private MetricsConfig metrics = new MetricsConfig();

    private Root() {}

    @Override
    public void validate(String path, ConfigProblems problems) {
      problems.validate(agent, ConfigProblems.child(path, "agent"));
      problems.validate(metrics, ConfigProblems.child(path, "metrics"));
    }
  }

  private AgentThroughput() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: AgentThroughput PCAP SECONDS RATE[,RATE...] [AGENT_YAML]");
      System.exit(2);
    }
    Path pcap = Path.of(args[0]);
    String seconds = args[1];
    String agentYaml = args.length > 3 ? args[3] : "{}";
    Path dir = Files.createTempDirectory("flowlens-bench");
    try (EmbeddedKafka kafka = new EmbeddedKafka(EmbeddedKafkaConfig.forTests(""), dir)) {
      kafka.start();
      kafka.createTopic("flows", 4);
      KafkaConfig kafkaConfig = new ConfigLoader(Map.of()).parse(
          "bootstrap_servers: " + kafka.bootstrapServers() + "\ntopic: flows\n", KafkaConfig.class, "bench");
      Root root = new ConfigLoader(Map.of()).parse("agent: " + agentYaml + "\n", Root.class, "bench");
      AgentConfig agentConfig = merge(root.agent, agentYaml);
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      try (IngestAgent agent = new IngestAgent(agentConfig, kafkaConfig, root.metrics, registry)) {
        agent.start();
        int port = agent.boundPort(0);
        System.out.printf("agent: %s%nkafka: %s, topic flows (4 partitions)%n", agentYaml, kafka.bootstrapServers());
        // Warm-up (JIT, Kafka metadata, producer batches) so that the first measured step is not its victim.
        Step warm = step(kafka.bootstrapServers(), registry, pcap, port, 200_000, "3");
        System.out.printf("warm-up: 200,000/s for 3 s, parsed %,d of %,d%n", warm.parsed, warm.sent);
        System.out.println("rate_target  sent  parsed  in_kafka  dropped(reason)  kernel_rcvbuf_errors  parsed/s  lossless");
        long best = 0;
        for (String r : args[2].split(",")) {
          long rate = Long.parseLong(r.strip());
          Step s = step(kafka.bootstrapServers(), registry, pcap, port, rate, seconds);
          boolean lossless = s.sent == s.parsed && s.parsed == s.inKafka && s.dropped.isEmpty() && s.kernelDrops == 0;
          if (lossless) {
            best = Math.max(best, rate);
          }
          System.out.printf("%,d  %,d  %,d  %,d  %s  %d  %,.0f  %s%n", rate, s.sent, s.parsed, s.inKafka,
              s.dropped.isEmpty() ? "-" : s.dropped, s.kernelDrops, s.parsed / s.seconds, lossless ? "yes" : "NO");
        }
        System.out.printf("highest lossless rate: %,d records/s%n", best);
      }
    }
  }

  /** The agent section given, with one NetFlow v9 listener on a free loopback port unless it lists its own. */
  private static AgentConfig merge(AgentConfig parsed, String yaml) throws Exception {
    if (yaml.contains("listeners")) {
      return parsed;
    }
    String body = yaml.strip();
    String inner = body.startsWith("{") ? body.substring(1, body.length() - 1).strip() : body;
    String withListener = "{" + (inner.isEmpty() ? "" : inner + ", ")
        + "listeners: [{protocol: netflow9, address: 127.0.0.1, port: 0, receive_buffer: 32MiB}]}";
    return new ConfigLoader(Map.of()).parse("agent: " + withListener + "\n", Root.class, "bench").agent;
  }

  private record Step(long sent, long parsed, long inKafka, Map<String, Long> dropped, long kernelDrops,
      double seconds) {}

  private static Step step(String bootstrap, PrometheusMeterRegistry registry, Path pcap, int port, long rate,
      String seconds) throws Exception {
    long parsedBefore = counter(registry, "flow_parsed_records", "protocol", "netflow9");
    Map<String, Long> droppedBefore = drops(registry);
    long kafkaBefore = endOffsets(bootstrap);
    long kernelBefore = UdpStats.receiveBufferErrors();

    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), UdpReplay.class.getName(),
        "127.0.0.1", Integer.toString(port), pcap.toString(), Long.toString(rate), seconds, "2"));
    Process replay = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String line;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(replay.getInputStream(), StandardCharsets.UTF_8))) {
      line = out.readLine();
    }
    if (!replay.waitFor(Long.parseLong(seconds.replaceAll("\\..*", "")) + 60, TimeUnit.SECONDS) || line == null) {
      replay.destroyForcibly();
      throw new IllegalStateException("UdpReplay failed: " + line);
    }
    long sent = Long.parseLong(line.replaceAll(".*sent_records=(\\d+).*", "$1"));
    double elapsed = Double.parseDouble(line.replaceAll(".*seconds=([0-9.]+).*", "$1"));

    // Wait until the agent has decoded and the producer has delivered everything it is going to.
    long parsed = 0;
    long inKafka = 0;
    long stableSince = System.nanoTime();
    long lastTotal = -1;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      parsed = counter(registry, "flow_parsed_records", "protocol", "netflow9") - parsedBefore;
      inKafka = endOffsets(bootstrap) - kafkaBefore;
      long total = parsed + inKafka;
      if (total != lastTotal) {
        lastTotal = total;
        stableSince = System.nanoTime();
      } else if (System.nanoTime() - stableSince > 2_000_000_000L) {
        break;
      }
      Thread.sleep(250);
    }
    Map<String, Long> dropped = new TreeMap<>();
    drops(registry).forEach((k, v) -> {
      long d = v - droppedBefore.getOrDefault(k, 0L);
      if (d > 0) {
        dropped.put(k, d);
      }
    });
    return new Step(sent, parsed, inKafka, dropped, UdpStats.receiveBufferErrors() - kernelBefore, elapsed);
  }

  private static long counter(PrometheusMeterRegistry registry, String name, String... tags) {
    Counter c = registry.find(name).tags(tags).counter();
    return c == null ? 0 : (long) c.count();
  }

  private static Map<String, Long> drops(PrometheusMeterRegistry registry) {
    Map<String, Long> out = new TreeMap<>();
    registry.find("flow_dropped_records").counters().forEach(c ->
        out.merge(c.getId().getTag("reason"), (long) c.count(), Long::sum));
    return out;
  }

  private static long endOffsets(String bootstrap) {
    Map<String, Object> props = Map.of("bootstrap.servers", bootstrap, "group.id", "bench-offsets");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor("flows").stream()
          .map(p -> new TopicPartition("flows", p.partition())).toList();
      return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }
  }
}

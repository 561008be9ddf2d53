package io.flowlens.bench;

import io.flowlens.aggregator.Aggregator;
import io.flowlens.aggregator.AggregatorConfig;
import io.flowlens.aggregator.enrich.AddressLookup;
import io.flowlens.configuration.ConfigLoader;
import io.flowlens.configuration.KafkaConfig;
import io.flowlens.configuration.MetricsConfig;
import io.flowlens.http.MetricsRegistry;
import io.flowlens.kafka.embedded.EmbeddedKafka;
import io.flowlens.kafka.embedded.EmbeddedKafkaConfig;
import io.flowlens.schema.FlowDirection;
import io.flowlens.schema.FlowRecord;
import io.flowlens.schema.FlowRecordSerializer;
import io.flowlens.schema.FlowType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * A flood of distinct flows (every flow its own talker, service port and source port): the aggregator
 * must stay within its caps. Pre-fills an embedded broker with N flows (default 10,000,000), runs the
 * aggregator with the shipped aggregations until the last stage has counted them all, and reports the
 * series held per aggregation, the heap after a full GC (the broker runs in the same JVM and is
 * included) and the state directory's size after the aggregator is closed. Arguments:
 * {@code flows [key=value ...]} (extra {@code aggregator:} keys). Run with benchmarks/aggregator-flood.sh.
 */
public final class AggregatorFlood {
  private AggregatorFlood() {}

  public static void main(String[] args) throws Exception {
    int flows = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
    StringBuilder yaml = new StringBuilder("application_id: flood\n");
    for (int i = 1; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      yaml.append(kv[0]).append(": ").append(kv[1]).append('\n');
    }
    Path dir = Files.createTempDirectory("flowlens-flood");
    Path state = dir.resolve("streams");
    try (EmbeddedKafka kafka = new EmbeddedKafka(EmbeddedKafkaConfig.forTests(""), dir.resolve("kafka"))) {
      kafka.start();
      kafka.createTopic("flows", 4);
      KafkaConfig kafkaConfig = new ConfigLoader(Map.of()).parse(
          "bootstrap_servers: " + kafka.bootstrapServers() + "\ntopic: flows\npartitions: 4", KafkaConfig.class, "flood");
      long fillStart = System.nanoTime();
      fill(kafka.bootstrapServers(), flows);
      System.out.printf("filled %,d distinct flows in %.1f s%n", flows, (System.nanoTime() - fillStart) / 1e9);

      AggregatorConfig config = new ConfigLoader(Map.of()).parse(yaml.toString(), AggregatorConfig.class, "flood");
      PrometheusMeterRegistry registry = MetricsRegistry.create();
      Aggregator aggregator = new Aggregator(config, kafkaConfig, new MetricsConfig(), registry, AddressLookup.NONE, state);
      try {
        long start = System.nanoTime();
        aggregator.start();
        while (counted(registry) < flows) {
          Thread.sleep(200);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("aggregated %,d distinct flows in %.1f s: %,.0f records/s (%s)%n", flows, seconds,
            flows / seconds, yaml.toString().replace('\n', ' ').strip());
        StringBuilder held = new StringBuilder();
        registry.getPrometheusRegistry().scrape().stream()
            .filter(m -> m.getMetadata().getPrometheusName().equals("flow_aggregator_series"))
            .flatMap(m -> ((GaugeSnapshot) m).getDataPoints().stream())
            .forEach(d -> held.append(d.getLabels().get("aggregation")).append('=').append((long) d.getValue()).append(' '));
        System.out.printf("series held (caps: talkers 10000, services 2000, geo 2000, asn 5000, interfaces 10000;"
            + " plus one __other__ per task): %s%n", held.toString().strip());
        System.gc();
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf("heap after GC (aggregator + embedded broker + this harness): %,d MiB%n", heap >> 20);
      } finally {
        aggregator.close();
      }
      System.out.printf("state dir after close: %,d KiB%n", size(state) >> 10);
    } finally {
      // The broker's log of a 10 M flood is about a gigabyte.
      Utils.delete(dir.toFile());
    }
  }

  private static double counted(PrometheusMeterRegistry registry) {
    Counter c = registry.find("flow_aggregator_counted_flows").tag("aggregation", "talkers").counter();
    return c == null ? 0 : c.count();
  }

  /** Flow i: source 10.0.0.0/8 + i, destination 172.16.0.0/12 + i/7, ports from i: no two flows alike. */
  private static void fill(String bootstrap, int flows) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, "524288");
    long now = System.currentTimeMillis();
    try (KafkaProducer<byte[], FlowRecord> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new FlowRecordSerializer())) {
      for (int i = 0; i < flows; i++) {
        int d = i / 7;
        FlowRecord r = FlowRecord.newBuilder()
            .setType(FlowType.IPFIX).setTimeReceivedMs(now).setExporterAddress(ByteBuffer.wrap(new byte[] {10, 0, 0, 1}))
            .setSamplingRate(1).setFlowStartMs(now - 2000).setFlowEndMs(now)
            .setBytes(100 + i % 1000).setPackets(1)
            .setSrcAddr(ByteBuffer.wrap(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i}))
            .setDstAddr(ByteBuffer.wrap(new byte[] {(byte) 172, (byte) (16 | (d >> 16) & 0x0f), (byte) (d >> 8), (byte) d}))
            .setSrcPort(1024 + i % 64_000).setDstPort(i % 65_536)
            .setProto(6).setInIf(1 + i % 64).setOutIf(1 + (i / 64) % 64)
            .setDirection(FlowDirection.INGRESS).build();
        producer.send(new ProducerRecord<>("flows", r));
      }
    }
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }
}

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
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Aggregator throughput: pre-fills a topic of an embedded broker with N flow records shaped like an
 * edge router's (2,000 inside hosts, 5,000 outside hosts, a skewed port mix, 8 interfaces, sampling
 * 1:100), then runs the aggregator with the shipped aggregations and four windows and reports records/s
 * from start to the last record counted. Arguments: {@code records [key=value ...]} where the pairs are
 * extra {@code aggregator:} keys, e.g. {@code combiner=false stream_threads=2 processing_guarantee=at_least_once}.
 * Run with benchmarks/aggregator-throughput.sh.
 */
public final class AggregatorThroughput {
  private AggregatorThroughput() {}

  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
    StringBuilder yaml = new StringBuilder("application_id: throughput\n");
    for (int i = 1; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      yaml.append(kv[0]).append(": ").append(kv[1]).append('\n');
    }
    Path dir = Files.createTempDirectory("flowlens-throughput");
    try (EmbeddedKafka kafka = new EmbeddedKafka(EmbeddedKafkaConfig.forTests(""), dir.resolve("kafka"))) {
      kafka.start();
      kafka.createTopic("flows", 4);
      KafkaConfig kafkaConfig = new ConfigLoader(Map.of()).parse(
          "bootstrap_servers: " + kafka.bootstrapServers() + "\ntopic: flows\npartitions: 4", KafkaConfig.class, "bench");
      long fillStart = System.nanoTime();
      fill(kafka.bootstrapServers(), records);
      System.out.printf("filled %,d records in %.1f s%n", records, (System.nanoTime() - fillStart) / 1e9);

      AggregatorConfig config = new ConfigLoader(Map.of()).parse(yaml.toString(), AggregatorConfig.class, "bench");
      PrometheusMeterRegistry registry = MetricsRegistry.create();
      try (Aggregator aggregator = new Aggregator(config, kafkaConfig, new MetricsConfig(), registry, AddressLookup.NONE,
          dir.resolve("streams"))) {
        long start = System.nanoTime();
        aggregator.start();
        Counter processed = registry.get("flow_aggregator_processed_records").counter();
        long firstAt = 0;
        while (processed.count() < records) {
          if (firstAt == 0 && processed.count() > 0) {
            firstAt = System.nanoTime();
          }
          Thread.sleep(100);
        }
        long end = System.nanoTime();
        System.out.printf("aggregated %,d records in %.1f s: %,.0f records/s (%,.0f records/s after the first record; %s)%n",
            records, (end - start) / 1e9, records / ((end - start) / 1e9), records / ((end - firstAt) / 1e9),
            yaml.toString().replace('\n', ' ').strip());
        long scrapeStart = System.nanoTime();
        int lines = registry.scrape().split("\n").length;
        System.out.printf("scrape: %,d lines in %.1f ms%n", lines, (System.nanoTime() - scrapeStart) / 1e6);
        for (int i = 0; i < 5; i++) {
          scrapeStart = System.nanoTime();
          lines = registry.scrape().split("\n").length;
          System.out.printf("scrape (warm): %,d lines in %.1f ms%n", lines, (System.nanoTime() - scrapeStart) / 1e6);
        }
      }
    }
  }

  private static void fill(String bootstrap, int records) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, "524288");
    SplittableRandom random = new SplittableRandom(42);
    int[] ports = {443, 443, 443, 80, 53, 123, 22, 8080, 993, 3478};
    long now = System.currentTimeMillis();
    try (KafkaProducer<byte[], FlowRecord> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new FlowRecordSerializer())) {
      for (int i = 0; i < records; i++) {
        int inside = random.nextInt(2000);
        int outside = (int) Math.min(4999, Math.abs(random.nextGaussian()) * 800);
        boolean egress = random.nextBoolean();
        byte[] in = {10, 1, (byte) (inside >> 8), (byte) inside};
        byte[] out = {(byte) 198, 51, (byte) (outside >> 8), (byte) outside};
        int port = ports[random.nextInt(ports.length)];
        FlowRecord r = FlowRecord.newBuilder()
            .setType(FlowType.IPFIX).setTimeReceivedMs(now + i / 1000).setExporterAddress(ByteBuffer.wrap(new byte[] {10, 0, 0, 1}))
            .setSamplingRate(100).setFlowStartMs(now - 2000).setFlowEndMs(now)
            .setBytes(64 + random.nextInt(1400)).setPackets(1 + random.nextInt(10))
            .setSrcAddr(ByteBuffer.wrap(egress ? in : out)).setDstAddr(ByteBuffer.wrap(egress ? out : in))
            .setSrcPort(egress ? 1024 + random.nextInt(60000) : port).setDstPort(egress ? port : 1024 + random.nextInt(60000))
            .setProto(port == 53 || port == 123 || port == 3478 ? 17 : 6)
            .setInIf(1 + random.nextInt(8)).setOutIf(1 + random.nextInt(8))
            .setDirection(FlowDirection.INGRESS).build();
        producer.send(new ProducerRecord<>("flows", r));
      }
    }
  }
}

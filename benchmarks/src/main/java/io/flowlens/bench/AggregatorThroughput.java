package io.flowlens.bench;

import static io.flowlens.bench.ScrapeTiming.median;
import static io.flowlens.bench.ScrapeTiming.p99;

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
import java.io.IOException;
import java.lang.management.ManagementFactory;
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
import org.apache.kafka.common.utils.Utils;

/**
 * Aggregator throughput: pre-fills a topic of an embedded broker with N flow records shaped like an
 * edge router's (2,000 inside hosts, 5,000 outside hosts, a skewed port mix, 8 interfaces, sampling
 * 1:100), then runs the aggregator with the shipped aggregations and four windows and reports records/s
 * from start (and from the first record processed) until the last stage has counted every flow, then
 * the scrape time (median and p99 of 20 scrapes) over what it holds. Arguments: {@code records [key=value ...]} where the pairs are
 * extra {@code aggregator:} keys, e.g. {@code combiner=false stream_threads=1 processing_guarantee=at_least_once}, or
 * with a {@code kafka.} prefix Kafka Streams properties ({@code kafka.properties}), e.g.
 * {@code kafka.producer.compression.type=lz4}.
 * Run with benchmarks/aggregator-throughput.sh.
 */
public final class AggregatorThroughput {
  private AggregatorThroughput() {}

  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
    StringBuilder yaml = new StringBuilder("application_id: throughput\n");
    StringBuilder kafkaProperties = new StringBuilder();
    for (int i = 1; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      if (kv[0].startsWith("kafka.")) {
        kafkaProperties.append("  ").append(kv[0].substring("kafka.".length())).append(": \"").append(kv[1]).append("\"\n");
      } else {
        yaml.append(kv[0]).append(": ").append(kv[1]).append('\n');
      }
    }
    Path dir = Files.createTempDirectory("flowlens-throughput");
    try (EmbeddedKafka kafka = new EmbeddedKafka(EmbeddedKafkaConfig.forTests(""), dir.resolve("kafka"))) {
      kafka.start();
      kafka.createTopic("flows", 4);
      KafkaConfig kafkaConfig = new ConfigLoader(Map.of()).parse(
          "bootstrap_servers: " + kafka.bootstrapServers() + "\ntopic: flows\npartitions: 4\n"
              + (kafkaProperties.isEmpty() ? "" : "properties:\n" + kafkaProperties), KafkaConfig.class, "bench");
      long fillStart = System.nanoTime();
      fill(kafka.bootstrapServers(), records);
      System.out.printf("filled %,d records in %.1f s%n", records, (System.nanoTime() - fillStart) / 1e9);

      AggregatorConfig config = new ConfigLoader(Map.of()).parse(yaml.toString(), AggregatorConfig.class, "bench");
      PrometheusMeterRegistry registry = MetricsRegistry.create();
      try (Aggregator aggregator = new Aggregator(config, kafkaConfig, new MetricsConfig(), registry, AddressLookup.NONE,
          dir.resolve("streams"))) {
        long processCpuStart = processCpuNanos();
        long start = System.nanoTime();
        aggregator.start();
        Counter processed = registry.get("flow_aggregator_processed_records").counter();
        long firstAt = 0;
        // The second half runs on compiled code: the JIT compiles the broker's, Kafka Streams' and Avro's
        // hot paths during the first seconds (several CPU-seconds on this machine), a one-time cost.
        long halfAt = 0;
        double halfCounted = 0;
        long halfStreamCpu = 0;
        long halfProcessCpu = 0;
        Map<String, Long> halfThreads = Map.of();
        // Done when the last stage has every flow in the talkers series (processed counts the first stage).
        for (double c = counted(registry); c < records; c = counted(registry)) {
          if (firstAt == 0 && processed.count() > 0) {
            firstAt = System.nanoTime();
          }
          if (halfAt == 0 && c >= records / 2.0) {
            halfAt = System.nanoTime();
            halfCounted = c;
            halfStreamCpu = streamThreadCpuNanos();
            halfThreads = ScrapeTiming.threadCpuNanos();
            halfProcessCpu = processCpuNanos();
          }
          Thread.sleep(20);
        }
        long end = System.nanoTime();
        System.out.printf("aggregated %,d records in %.1f s: %,.0f records/s (%,.0f records/s after the first record; %s)%n",
            records, (end - start) / 1e9, records / ((end - start) / 1e9), records / ((end - firstAt) / 1e9),
            (yaml.toString() + kafkaProperties).replace('\n', ' ').strip());
        // On a shared machine wall time varies with the neighbours' load; CPU time per record much less.
        double streamCpu = streamThreadCpuNanos() / 1e9;
        double processCpu = (processCpuNanos() - processCpuStart) / 1e9;
        System.out.printf("CPU: stream threads %.1f s (%,.0f records per CPU-second), whole process incl. broker %.1f s"
            + " (%,.0f records per CPU-second)%n", streamCpu, records / streamCpu, processCpu, records / processCpu);
        double secondHalf = records - halfCounted;
        double halfSeconds = (end - halfAt) / 1e9;
        double halfStream = streamThreadCpuNanos() - halfStreamCpu;
        double halfProcess = processCpuNanos() - halfProcessCpu;
        System.out.printf("second half (%,.0f records, compiled code): %,.0f records/s; %,.0f records per CPU-second of the"
            + " stream threads, %,.0f of the whole process%n", secondHalf, secondHalf / halfSeconds,
            secondHalf / (halfStream / 1e9), secondHalf / (halfProcess / 1e9));
        printBusiestThreads(halfThreads, ScrapeTiming.threadCpuNanos(), halfSeconds);
        scrapes(registry);
      }
    } finally {
      // The broker's log of a few million records is a few hundred megabytes.
      Utils.delete(dir.toFile());
    }
  }

  /** CPU time of the Kafka Streams threads so far (they live until the aggregator closes). */
  private static long streamThreadCpuNanos() {
    // Also counts each stream thread's producer network thread, whose name carries the stream thread's.
    return ScrapeTiming.threadCpuNanos(name -> name.contains("StreamThread"));
  }

  /**
   * The Java threads that used the most CPU between two {@link ScrapeTiming#threadCpuNanos()} readings, as
   * shares of one core.
   */
  private static void printBusiestThreads(Map<String, Long> before, Map<String, Long> after, double seconds) {
    StringBuilder line = new StringBuilder("busiest Java threads in the second half (share of one core):");
    after.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(6)
        .forEach(e -> line.append(String.format(" %s %.0f%%;", e.getKey(), 100 * e.getValue() / 1e9 / seconds)));
    System.out.println(line);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static double counted(PrometheusMeterRegistry registry) {
    Counter c = registry.find("flow_aggregator_counted_flows").tag("aggregation", "talkers").counter();
    return c == null ? 0 : c.count();
  }

  /** 20 scrapes after 3 of warm-up: the collectors alone and the whole text exposition, median and p99. */
  private static void scrapes(PrometheusMeterRegistry registry) throws IOException {
    ScrapeTiming t = ScrapeTiming.inProcess(registry.getPrometheusRegistry()::scrape, 3, 20);
    long talkers = registry.getPrometheusRegistry().scrape().stream()
        .filter(m -> m.getMetadata().getPrometheusName().equals("flow_bytes"))
        .mapToLong(m -> m.getDataPoints().stream().filter(d -> "talkers".equals(d.getLabels().get("aggregation"))).count())
        .sum();
    System.out.printf("scrape of %,d lines (%,d talkers series), 20 scrapes: collect median %.1f ms p99 %.1f ms;"
        + " collect + text median %.1f ms p99 %.1f ms (CPU time of the scraping thread: median %.1f ms)%n", t.lines(), talkers,
        median(t.collectMs()), p99(t.collectMs()), median(t.textMs()), p99(t.textMs()), median(t.cpuMs()));
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

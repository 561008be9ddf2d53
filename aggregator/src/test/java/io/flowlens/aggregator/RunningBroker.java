package io.flowlens.aggregator;

import io.flowlens.kafka.embedded.EmbeddedKafka;
import io.flowlens.kafka.embedded.EmbeddedKafkaConfig;
import io.flowlens.schema.FlowRecord;
import io.flowlens.schema.FlowRecordSerializer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The broker the aggregator's integration tests feed flows into. Registered on a static field with
 * {@code @RegisterExtension}, it starts one embedded broker per test class (starting one takes
 * seconds) in a temporary directory, and after the class stops it and deletes the directory.
 */
final class RunningBroker implements BeforeAllCallback, AfterAllCallback {
  private Path logDir;
  private EmbeddedKafka kafka;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    logDir = Files.createTempDirectory("flowlens-it-broker");
    kafka = new EmbeddedKafka(EmbeddedKafkaConfig.forTests(""), logDir);
    kafka.start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (logDir == null) {
      return;
    }
    try {
      if (kafka != null) {
        kafka.close();
      }
    } finally {
      try (Stream<Path> files = Files.walk(logDir)) {
        for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(f);
        }
      }
    }
  }

  String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  void createTopic(String name, int partitions) {
    kafka.createTopic(name, partitions);
  }

  /** A producer of flow records batching as a busy agent does (10 ms linger, 256 KiB batches); the caller closes it. */
  KafkaProducer<byte[], FlowRecord> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
    // One batch in flight: on a topic created a moment ago the first batch may meet NOT_LEADER_OR_FOLLOWER
    // while the next one is accepted; the retried first batch is then refused as out of order until it
    // expires, and its flows are lost (seen once in the 1M-flow flood).
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
    return new KafkaProducer<>(p, new ByteArraySerializer(), new FlowRecordSerializer());
  }
}

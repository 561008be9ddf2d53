package io.flowlens.agent;

import io.flowlens.schema.FlowRecord;
import io.flowlens.schema.FlowRecordDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads the flow records of a topic back, for the integration tests. */
public final class KafkaRecords {
  private KafkaRecords() {}

  /**
   * Every record of {@code topic} from the beginning, once {@code expected} says how many there
   * should be and that many arrived (or {@code timeout} passed, returning what arrived).
   */
  public static List<FlowRecord> read(String bootstrap, String topic, LongSupplier expected, Duration timeout) {
    Map<String, Object> props = Map.of("bootstrap.servers", bootstrap, "group.id", "it-" + topic,
        "enable.auto.commit", false, "max.poll.records", 5000);
    List<FlowRecord> out = new ArrayList<>();
    try (KafkaConsumer<byte[], FlowRecord> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new FlowRecordDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + timeout.toNanos();
      long quietSince = System.nanoTime();
      while (System.nanoTime() < deadline) {
        int before = out.size();
        for (ConsumerRecord<byte[], FlowRecord> r : consumer.poll(Duration.ofMillis(200))) {
          out.add(r.value());
        }
        if (out.size() != before) {
          quietSince = System.nanoTime();
        }
        long want = expected.getAsLong();
        // Done when the agent's count is reached and nothing more came for a moment (a surplus would show).
        if (want > 0 && out.size() >= want && System.nanoTime() - quietSince > 500_000_000L) {
          break;
        }
      }
    }
    return out;
  }
}

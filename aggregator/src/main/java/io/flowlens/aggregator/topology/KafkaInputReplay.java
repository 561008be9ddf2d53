package io.flowlens.aggregator.topology;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.errors.StreamsException;

/**
 * {@link InputReplay} with a short-lived consumer of its own (no group, read_committed like Kafka Streams'
 * consumer under exactly-once). It runs only when a task starts behind its combiner's last flush, so
 * its start-up cost does not matter. Gives up with a {@link StreamsException} (the stream thread is then
 * replaced and the task retried) when the range cannot be read within {@code timeout}: skipping it
 * would lose flows.
 */
public final class KafkaInputReplay implements InputReplay {
  private final Map<String, Object> properties;
  private final Duration timeout;

  /** {@code properties}: bootstrap servers and the client settings (security...) of the flow topic. */
  public KafkaInputReplay(Map<String, Object> properties, Duration timeout) {
    this.properties = Map.copyOf(properties);
    this.timeout = timeout;
  }

  @Override
  public void replay(String topic, int partition, long from, long to, Consumer<byte[]> sink) {
    Properties p = new Properties();
    p.putAll(properties);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    TopicPartition tp = new TopicPartition(topic, partition);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(List.of(tp));
      consumer.seek(tp, from);
      long deadline = System.nanoTime() + timeout.toNanos();
      // Under read_committed, aborted records and transaction markers leave gaps: the position, not a
      // count of records, says when the range is done.
      while (consumer.position(tp) < to) {
        if (System.nanoTime() > deadline) {
          throw new StreamsException("could not re-read " + tp + " offsets " + from + ".." + (to - 1) + " within "
              + timeout + " (stopped at " + consumer.position(tp) + ")");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200)).records(tp)) {
          if (r.offset() >= from && r.offset() < to) {
            sink.accept(r.value());
          }
        }
      }
    }
  }
}

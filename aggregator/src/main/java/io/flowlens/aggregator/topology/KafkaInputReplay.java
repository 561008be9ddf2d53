package io.flowlens.aggregator.topology;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.errors.StreamsException;

/**
 * {@link InputReplay} with a short-lived consumer of its own (read_committed like Kafka Streams' consumer
 * under exactly-once), which reads the group's committed offset and then the range, without joining the
 * group. It runs once per task start, so its start-up cost does not matter. Gives up with a
 * {@link StreamsException} (the stream thread is then replaced and the task retried) when the offset
 * cannot be read, or the range makes no progress, within {@code timeout}: skipping the range would
 * lose flows.
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
  public long replayToCommitted(String group, String topic, int partition, long from, Consumer<byte[]> sink) {
    Properties p = new Properties();
    p.putAll(properties);
    // The group's committed offsets are read, never written: this consumer neither subscribes (so it
    // never joins the group) nor commits.
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // A range that retention has begun to delete is replayed from what is left of it.
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    TopicPartition tp = new TopicPartition(topic, partition);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      // read_committed: the offset fetch waits for a transaction still committing offsets (a previous
      // owner's last commit), as Kafka Streams' own consumer does before the task starts.
      OffsetAndMetadata committed;
      try {
        committed = consumer.committed(Set.of(tp), timeout).get(tp);
      } catch (TimeoutException e) {
        throw new StreamsException("could not read the offset group " + group + " committed for " + tp + " within "
            + timeout, e);
      }
      if (committed == null) {
        return -1;
      }
      long to = committed.offset();
      if (from >= to) {
        return to;
      }
      consumer.assign(List.of(tp));
      consumer.seek(tp, from);
      // Under read_committed, aborted records and transaction markers leave gaps: the position, not a
      // count of records, says when the range is done. A long range may take long: only a timeout
      // without progress gives up.
      long position = from;
      long deadline = System.nanoTime() + timeout.toNanos();
      while (position < to) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200)).records(tp)) {
          if (r.offset() >= from && r.offset() < to) {
            sink.accept(r.value());
          }
        }
        long now = consumer.position(tp);
        if (now > position) {
          position = now;
          deadline = System.nanoTime() + timeout.toNanos();
        } else if (System.nanoTime() > deadline) {
          throw new StreamsException("could not re-read " + tp + " offsets " + from + ".." + (to - 1) + ": no progress"
              + " for " + timeout + " (stopped at " + position + ")");
        }
      }
      return to;
    }
  }
}

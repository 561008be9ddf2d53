package io.flowlens.aggregator;

import io.flowlens.kafka.embedded.RunningKafka;
import io.flowlens.schema.FlowRecord;
import io.flowlens.schema.FlowRecordSerializer;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The broker the aggregator's integration tests feed flows into (one per test class, see {@link RunningKafka}). */
final class RunningBroker extends RunningKafka {
  /** A producer of flow records batching as a busy agent does (10 ms linger, 256 KiB batches); the caller closes it. */
  KafkaProducer<byte[], FlowRecord> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
    // One batch in flight: on a topic created a moment ago the first batch may meet NOT_LEADER_OR_FOLLOWER
    // while the next one is accepted; the retried first batch is then refused as out of order until it
    // expires, and its flows are lost (seen once in the 1M-flow flood).
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
    return new KafkaProducer<>(p, new ByteArraySerializer(), new FlowRecordSerializer());
  }
}

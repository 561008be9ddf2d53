package io.flowlens.agent.kafka;

import io.flowlens.agent.AgentMetrics;
import io.flowlens.agent.ProducerConfig;
import io.flowlens.agent.pipeline.FlowSink;
import io.flowlens.configuration.KafkaConfig;
import io.flowlens.decoders.DropReason;
import io.flowlens.decoders.Protocol;
import io.flowlens.logging.RateLimitedLog;
import io.flowlens.schema.FlowRecord;
import io.flowlens.schema.FlowRecordSerializer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.LoggerFactory;

/**
 * Produces {@link FlowRecord}s (Avro single-object encoding) to the flow topic, batched and compressed.
 *
 * <p>Key: 4 bytes, a hash of the flow's (src address, dst address, src port, dst port, IP protocol).
 * The default partitioner spreads these keys evenly over the partitions, and all records of one flow
 * land in one partition in order. A null key would let the client's sticky partitioner fill fuller
 * batches, but would scatter one flow's records.
 *
 * <p>Broker outage: {@code send} waits at most {@code max_block} for metadata or buffer space; a record
 * it cannot take, or that the broker never acknowledges within {@code delivery_timeout}, is counted as
 * {@code flow_dropped_records_total{reason="kafka_error"}} and logged (rate-limited). After a send that
 * had to give up waiting, records are dropped at once for another {@code max_block}, so that workers
 * keep draining their queues instead of stalling on every record. The client reconnects by itself.
 */
public final class FlowProducer implements FlowSink, AutoCloseable {
  private static final RateLimitedLog LOG =
      new RateLimitedLog(LoggerFactory.getLogger(FlowProducer.class), Duration.ofSeconds(10));

  private final ProducerConfig config;
  private final KafkaConfig kafka;
  private final AgentMetrics metrics;
  private final MeterRegistry registry;
  private final Callback[] callbacks = new Callback[Protocol.values().length];
  private Producer<byte[], FlowRecord> producer;
  private KafkaClientMetrics clientMetrics;
  private volatile long pausedUntilNanos = System.nanoTime();

  public FlowProducer(ProducerConfig config, KafkaConfig kafka, AgentMetrics metrics, MeterRegistry registry) {
    this.config = config;
    this.kafka = kafka;
    this.metrics = metrics;
    this.registry = registry;
    for (Protocol p : Protocol.values()) {
      callbacks[p.ordinal()] = (metadata, error) -> {
        if (error != null) {
          metrics.dropped(p, DropReason.KAFKA_ERROR, 1);
          LOG.warn("kafka-send", "Kafka did not take a flow record for topic {}: {}", kafka.topic(), error.toString());
        }
      };
    }
  }

  /** The client properties: the flowlens defaults, then {@code kafka.properties} from the file on top. */
  Map<String, Object> clientProperties() {
    Map<String, Object> p = new HashMap<>();
    p.put("bootstrap.servers", kafka.bootstrapServers());
    p.put("client.id", "flowlens-agent");
    p.put("acks", config.acks());
    p.put("enable.idempotence", config.acks().equals("all") || config.acks().equals("-1"));
    p.put("compression.type", config.compression().kafkaName());
    p.put("linger.ms", (int) config.linger().toMillis());
    p.put("batch.size", config.batchSize().toIntBytes());
    p.put("buffer.memory", config.bufferMemory().bytes());
    p.put("max.block.ms", config.maxBlock().toMillis());
    long delivery = config.deliveryTimeout().toMillis();
    p.put("delivery.timeout.ms", (int) delivery);
    // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
    p.put("request.timeout.ms", (int) Math.min(30_000, delivery - config.linger().toMillis()));
    p.put("max.request.size", Math.max(1 << 20, config.batchSize().toIntBytes() + 4096));
    p.putAll(kafka.properties());
    return p;
  }

  /** Creates the Kafka client (it connects in the background) and binds its metrics. */
  public void start() {
    producer = new KafkaProducer<>(clientProperties(), new ByteArraySerializer(), new FlowRecordSerializer());
    clientMetrics = new KafkaClientMetrics(producer);
    clientMetrics.bindTo(registry);
  }

  @Override
  public void send(FlowRecord record) {
    Protocol protocol = protocolOf(record);
    if (System.nanoTime() - pausedUntilNanos < 0) {
      metrics.dropped(protocol, DropReason.KAFKA_ERROR, 1);
      return;
    }
    try {
      producer.send(new ProducerRecord<>(kafka.topic(), key(record), record), callbacks[protocol.ordinal()]);
    } catch (KafkaException | IllegalStateException e) {
      pausedUntilNanos = System.nanoTime() + config.maxBlock().toNanos();
      metrics.dropped(protocol, DropReason.KAFKA_ERROR, 1);
      LOG.warn("kafka-send", "Kafka producer refused a flow record for topic {} (dropping for {} ms): {}", kafka.topic(),
          config.maxBlock().toMillis(), e.toString());
    }
  }

  /** Waits until every record handed over so far is acknowledged or failed. */
  public void flush() {
    producer.flush();
  }

  static byte[] key(FlowRecord r) {
    int h = r.getSrcAddr().hashCode();
    h = 31 * h + r.getDstAddr().hashCode();
    h = 31 * h + r.getSrcPort();
    h = 31 * h + r.getDstPort();
    h = 31 * h + r.getProto();
    return ByteBuffer.allocate(4).putInt(h).array();
  }

  static Protocol protocolOf(FlowRecord r) {
    return switch (r.getType()) {
      case NETFLOW_V5 -> Protocol.NETFLOW_V5;
      case NETFLOW_V9 -> Protocol.NETFLOW_V9;
      case IPFIX -> Protocol.IPFIX;
      case SFLOW_V5 -> Protocol.SFLOW_V5;
      default -> Protocol.UNKNOWN;
    };
  }

  /** Sends what is batched (waiting at most {@code timeout}) and closes the client. */
  public void close(Duration timeout) {
    if (producer != null) {
      producer.close(timeout);
      clientMetrics.close();
      producer = null;
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}

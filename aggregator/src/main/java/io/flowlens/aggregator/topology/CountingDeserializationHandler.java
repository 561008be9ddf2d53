package io.flowlens.aggregator.topology;

import io.flowlens.logging.RateLimitedLog;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.LoggerFactory;

/**
 * Skips a record of the flow topic that is not a readable FlowRecord, counting it as
 * {@code reason="undecodable"} and logging (rate limited). Kafka Streams creates it by class name, so
 * the {@link TopologyMetrics} reaches it through the configuration under {@link #METRICS_CONFIG}.
 */
public final class CountingDeserializationHandler implements DeserializationExceptionHandler {
  /** The Streams configuration key holding the {@link TopologyMetrics} instance. */
  public static final String METRICS_CONFIG = "flowlens.topology.metrics";

  private static final RateLimitedLog LOG =
      new RateLimitedLog(LoggerFactory.getLogger(CountingDeserializationHandler.class), Duration.ofSeconds(30));

  private TopologyMetrics metrics;

  @Override
  public void configure(Map<String, ?> configs) {
    Object m = configs.get(METRICS_CONFIG);
    if (!(m instanceof TopologyMetrics)) {
      throw new IllegalArgumentException(METRICS_CONFIG + " must hold the TopologyMetrics instance");
    }
    metrics = (TopologyMetrics) m;
  }

  @Override
  public DeserializationHandlerResponse handle(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
      Exception exception) {
    metrics.dropped(DropReason.UNDECODABLE);
    LOG.warn("undecodable", "skipping an undecodable record topic={} partition={} offset={} error={}",
        record.topic(), record.partition(), record.offset(), exception.getMessage());
    return DeserializationHandlerResponse.CONTINUE;
  }
}

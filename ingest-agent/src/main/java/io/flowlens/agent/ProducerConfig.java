package io.flowlens.agent;

import io.flowlens.configuration.ConfigProblems;
import io.flowlens.configuration.DataSize;
import io.flowlens.configuration.Validated;
import java.time.Duration;
import java.util.Set;

/**
 * {@code agent.producer:} — how flow records are batched and sent to Kafka. The defaults favour
 * throughput (large lz4 batches, 20 ms linger) and a bounded wait when the broker is away
 * ({@code max_block}): a decode worker never waits longer than that for buffer space or metadata,
 * records it cannot hand over are counted as dropped with reason {@code kafka_error}.
 */
public final class ProducerConfig implements Validated {
  /** Compression codecs the Kafka client offers. */
  public enum Compression {
    LZ4,
    ZSTD,
    SNAPPY,
    GZIP,
    NONE;

    /** The value of the Kafka client's {@code compression.type}. */
    public String kafkaName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static final Set<String> ACKS = Set.of("all", "-1", "0", "1");

  private String acks = "1";
  private Compression compression = Compression.LZ4;
  private Duration linger = Duration.ofMillis(20);
  private DataSize batchSize = DataSize.parse("512KiB");
  private DataSize bufferMemory = DataSize.ofMebibytes(64);
  private Duration maxBlock = Duration.ofMillis(500);
  private Duration deliveryTimeout = Duration.ofMinutes(2);

  /** Kafka {@code acks}: all (-1), 1 or 0. Default 1: the leader's log, as flow telemetry is sampled data anyway. */
  public String acks() {
    return acks;
  }

  public Compression compression() {
    return compression;
  }

  public Duration linger() {
    return linger;
  }

  public DataSize batchSize() {
    return batchSize;
  }

  public DataSize bufferMemory() {
    return bufferMemory;
  }

  public Duration maxBlock() {
    return maxBlock;
  }

  public Duration deliveryTimeout() {
    return deliveryTimeout;
  }

  @Override
  public void validate(String path, ConfigProblems problems) {
    problems.check(acks != null && ACKS.contains(acks), ConfigProblems.child(path, "acks"), "must be all, -1, 0 or 1");
    problems.check(compression != null, ConfigProblems.child(path, "compression"),
        "must be one of lz4, zstd, snappy, gzip, none");
    problems.check(linger != null && !linger.isNegative() && linger.toMillis() <= 10_000,
        ConfigProblems.child(path, "linger"), "must be 0ms..10s");
    problems.check(batchSize != null && batchSize.bytes() >= 1024 && batchSize.bytes() <= (64L << 20),
        ConfigProblems.child(path, "batch_size"), "must be 1KiB..64MiB");
    problems.check(bufferMemory != null && bufferMemory.bytes() >= (1L << 20) && bufferMemory.bytes() <= (8L << 30),
        ConfigProblems.child(path, "buffer_memory"), "must be 1MiB..8GiB");
    problems.check(bufferMemory == null || batchSize == null || bufferMemory.bytes() >= batchSize.bytes(),
        ConfigProblems.child(path, "buffer_memory"), "must be at least batch_size");
    problems.check(maxBlock != null && !maxBlock.isNegative() && maxBlock.toMillis() <= 60_000,
        ConfigProblems.child(path, "max_block"), "must be 0ms..60s");
    problems.check(deliveryTimeout != null && linger != null
            && deliveryTimeout.toMillis() >= linger.toMillis() + 1000 && deliveryTimeout.toMinutes() <= 60,
        ConfigProblems.child(path, "delivery_timeout"), "must be at least linger + 1s and at most 1h");
  }
}

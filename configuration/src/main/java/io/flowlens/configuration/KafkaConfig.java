package io.flowlens.configuration;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code kafka:} — the cluster and the flow topic both tiers use. {@code properties} are passed to
 * every Kafka client as they are (security settings, for example).
 */
public final class KafkaConfig implements Validated {
  private String bootstrapServers = "127.0.0.1:9092";
  private String topic = "flows";
  private int partitions = 4;
  private int replicationFactor = 1;
  private Map<String, String> properties = new LinkedHashMap<>();

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * A copy that connects to other brokers, everything else the same: all-in-one points every client
   * at the broker it runs itself.
   */
  public KafkaConfig withBootstrapServers(String servers) {
    KafkaConfig copy = new KafkaConfig();
    copy.bootstrapServers = servers;
    copy.topic = topic;
    copy.partitions = partitions;
    copy.replicationFactor = replicationFactor;
    copy.properties = new LinkedHashMap<>(properties);
    return copy;
  }

  public String topic() {
    return topic;
  }

  /** Partitions of the flow topic when flowlens creates it: the most aggregator instances that share the work. */
  public int partitions() {
    return partitions;
  }

  public int replicationFactor() {
    return replicationFactor;
  }

  public Map<String, String> properties() {
    return Map.copyOf(properties);
  }

  @Override
  public void validate(String path, ConfigProblems problems) {
    problems.check(bootstrapServers != null && bootstrapServers.matches("[^\\s,]+:\\d+(,[^\\s,]+:\\d+)*"),
        ConfigProblems.child(path, "bootstrap_servers"), "must be host:port[,host:port...]");
    problems.check(topic != null && topic.matches("[a-zA-Z0-9._-]{1,249}"), ConfigProblems.child(path, "topic"),
        "must be a Kafka topic name (letters, digits, '.', '_', '-')");
    problems.check(partitions >= 1 && partitions <= 10_000, ConfigProblems.child(path, "partitions"), "must be 1..10000");
    problems.check(replicationFactor >= 1 && replicationFactor <= 32, ConfigProblems.child(path, "replication_factor"),
        "must be 1..32");
    problems.check(properties != null, ConfigProblems.child(path, "properties"), "must be a mapping of Kafka client properties");
  }
}

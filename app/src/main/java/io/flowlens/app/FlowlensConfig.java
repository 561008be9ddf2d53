package io.flowlens.app;

import com.fasterxml.jackson.annotation.JsonMerge;
import io.flowlens.agent.AgentConfig;
import io.flowlens.aggregator.AggregatorConfig;
import io.flowlens.configuration.ConfigProblems;
import io.flowlens.configuration.KafkaConfig;
import io.flowlens.configuration.LoggingConfig;
import io.flowlens.configuration.MetricsConfig;
import io.flowlens.configuration.Validated;
import io.flowlens.kafka.embedded.EmbeddedKafkaConfig;
import java.nio.file.Path;

/**
 * The root of a flowlens configuration file: one format for every command, each command using the
 * sections it needs ({@code embedded_kafka} only matters to {@code all-in-one}).
 */
public final class FlowlensConfig implements Validated {
  private String dataDir = "./data";
  @JsonMerge private LoggingConfig logging = new LoggingConfig();
  @JsonMerge private KafkaConfig kafka = new KafkaConfig();
  @JsonMerge private MetricsConfig metrics = new MetricsConfig();
  @JsonMerge private EmbeddedKafkaConfig embeddedKafka = new EmbeddedKafkaConfig();
  @JsonMerge private AgentConfig agent = AgentConfig.defaults();
  @JsonMerge private AggregatorConfig aggregator = AggregatorConfig.defaults();

  private FlowlensConfig() {}

  /** The configuration of a file with no keys: every default. */
  public static FlowlensConfig defaults() {
    return new FlowlensConfig();
  }

  /** Where the process keeps its state (the embedded broker's log); relative to the working directory. */
  public Path dataDir() {
    return Path.of(dataDir);
  }

  public LoggingConfig logging() {
    return logging;
  }

  public KafkaConfig kafka() {
    return kafka;
  }

  public MetricsConfig metrics() {
    return metrics;
  }

  public EmbeddedKafkaConfig embeddedKafka() {
    return embeddedKafka;
  }

  /** {@code agent:} — the ingest tier (listeners, pipeline, producer); its {@code http} serves {@code agent}. */
  public AgentConfig agent() {
    return agent;
  }

  /**
   * {@code aggregator:} — the aggregation tier; its {@code http} serves {@code aggregator} and is the
   * one HTTP listener of {@code all-in-one}.
   */
  public AggregatorConfig aggregator() {
    return aggregator;
  }

  /** Where the aggregator keeps its state stores unless {@code aggregator.state_dir} says otherwise. */
  public Path streamsStateDir() {
    return dataDir().resolve("streams");
  }

  /** The embedded broker's log directory: {@code embedded_kafka.data_dir}, or {@code <data_dir>/kafka}. */
  public Path embeddedKafkaDir() {
    return embeddedKafka.dataDir().isEmpty() ? dataDir().resolve("kafka") : Path.of(embeddedKafka.dataDir());
  }

  @Override
  public void validate(String path, ConfigProblems problems) {
    problems.check(dataDir != null && !dataDir.isBlank(), ConfigProblems.child(path, "data_dir"),
        "must be a directory path");
    problems.validate(logging, ConfigProblems.child(path, "logging"));
    problems.validate(kafka, ConfigProblems.child(path, "kafka"));
    problems.validate(metrics, ConfigProblems.child(path, "metrics"));
    problems.validate(embeddedKafka, ConfigProblems.child(path, "embedded_kafka"));
    problems.validate(agent, ConfigProblems.child(path, "agent"));
    problems.validate(aggregator, ConfigProblems.child(path, "aggregator"));
  }
}

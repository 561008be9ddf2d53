package io.flowlens.app;

import io.flowlens.configuration.ConfigException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code agent} and {@code aggregator}: one tier on its own against a Kafka cluster. Agents run next
 * to the routers and produce to the cluster; aggregator instances with the same configuration share
 * the topic's partitions.
 */
final class TierCommand implements Command {
  private final String name;
  private final String tier;
  private final Function<FlowlensConfig, FlowlensProcess> start;

  private TierCommand(String name, String tier, Function<FlowlensConfig, FlowlensProcess> start) {
    this.name = name;
    this.tier = tier;
    this.start = start;
  }

  /** {@code agent}: the ingest tier on its own, producing to a Kafka cluster. */
  static TierCommand agent() {
    return new TierCommand("agent", "the ingest agent", FlowlensProcess::agent);
  }

  /** {@code aggregator}: the aggregation tier on its own, consuming from a Kafka cluster. */
  static TierCommand aggregator() {
    return new TierCommand("aggregator", "the aggregator", FlowlensProcess::aggregator);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String summary() {
    return tier + " on its own, against kafka.bootstrap_servers";
  }

  @Override
  public String usage() {
    return """
        Usage: ./flowlens %1$s --config FILE

        Runs %2$s against the Kafka cluster of kafka.bootstrap_servers,
        creating the flow topic (kafka.topic, kafka.partitions) if it does not
        exist. Its HTTP port serves /metrics, /healthz and /readyz.

        Options:
          --config FILE   configuration file (required; see config/%1$s.yaml)
          -h, --help      this text

        Examples:
          ./flowlens %1$s --config config/%1$s.yaml
          FLOWLENS_KAFKA_BOOTSTRAP=kafka1:9092,kafka2:9092 ./flowlens %1$s --config config/%1$s.yaml
        """.formatted(name, tier);
  }

  @Override
  public Set<String> options() {
    return Set.of("config");
  }

  @Override
  public int run(CommandLine line, PrintStream out, PrintStream err) throws UsageException, ConfigException {
    return Foreground.serve(name, Path.of(line.required("config")), start, err);
  }
}

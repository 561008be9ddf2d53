package io.flowlens.app;

import io.flowlens.configuration.ConfigException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code aggregator}: the aggregation tier on its own, consuming from a Kafka cluster; instances with
 * the same configuration share the topic's partitions.
 */
final class AggregatorCommand implements Command {
  @Override
  public String name() {
    return "aggregator";
  }

  @Override
  public String summary() {
    return "the aggregator on its own, against kafka.bootstrap_servers";
  }

  @Override
  public String usage() {
    return """
        Usage: ./flowlens aggregator --config FILE

        Runs the aggregator against the Kafka cluster of kafka.bootstrap_servers,
        creating the flow topic (kafka.topic, kafka.partitions) if it does not
        exist. Its HTTP port serves /metrics, /healthz and /readyz.

        Options:
          --config FILE   configuration file (required; see config/aggregator.yaml)
          -h, --help      this text

        Examples:
          ./flowlens aggregator --config config/aggregator.yaml
          FLOWLENS_KAFKA_BOOTSTRAP=kafka1:9092,kafka2:9092 ./flowlens aggregator --config config/aggregator.yaml
        """;
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) throws UsageException, ConfigException {
    CommandLine line = CommandLine.parse(args, Set.of("config"), Set.of());
    if (line.help()) {
      out.print(usage());
      return ExitCode.OK;
    }
    return Foreground.serve(name(), Path.of(line.required("config")), FlowlensProcess::aggregator, err);
  }
}

package io.flowlens.app;

import io.flowlens.configuration.ConfigException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

/** {@code agent}: the ingest tier on its own, next to the routers, producing to a Kafka cluster. */
final class AgentCommand implements Command {
  @Override
  public String name() {
    return "agent";
  }

  @Override
  public String summary() {
    return "the ingest agent on its own, against kafka.bootstrap_servers";
  }

  @Override
  public String usage() {
    return """
        Usage: ./flowlens agent --config FILE

        Runs the ingest agent against the Kafka cluster of kafka.bootstrap_servers,
        creating the flow topic (kafka.topic, kafka.partitions) if it does not
        exist. Its HTTP port serves /metrics, /healthz and /readyz.

        Options:
          --config FILE   configuration file (required; see config/agent.yaml)
          -h, --help      this text

        Examples:
          ./flowlens agent --config config/agent.yaml
          FLOWLENS_KAFKA_BOOTSTRAP=kafka1:9092,kafka2:9092 ./flowlens agent --config config/agent.yaml
        """;
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) throws UsageException, ConfigException {
    CommandLine line = CommandLine.parse(args, Set.of("config"), Set.of());
    if (line.help()) {
      out.print(usage());
      return ExitCode.OK;
    }
    return Foreground.serve(name(), Path.of(line.required("config")), FlowlensProcess::agent, err);
  }
}

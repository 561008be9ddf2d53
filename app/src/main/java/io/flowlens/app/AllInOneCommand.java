package io.flowlens.app;

import io.flowlens.configuration.ConfigException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

/** {@code all-in-one}: an embedded Kafka broker and both tiers in one process, to try flowlens with one command. */
final class AllInOneCommand implements Command {
  @Override
  public String name() {
    return "all-in-one";
  }

  @Override
  public String summary() {
    return "embedded Kafka broker, agent and aggregator in one process";
  }

  @Override
  public String usage() {
    return """
        Usage: ./flowlens all-in-one [--config FILE] [--demo]

        Runs a single-node Kafka broker (KRaft, log in <data_dir>/kafka), the
        ingest agent and the aggregator in one process, with one HTTP port
        (default 8080) serving /metrics, /healthz and /readyz. Stops cleanly on
        SIGTERM or Ctrl-C; a restart, even after kill -9, resumes from data_dir.
        With --demo, simulated routers also send NetFlow v9, IPFIX and sFlow
        traffic to the local listeners, so that /metrics fills without a router.

        Options:
          --config FILE   configuration file (default: config/flowlens.yaml)
          --demo          also run the demo exporters (2,000 flows/s per protocol)
          -h, --help      this text

        Examples:
          ./flowlens all-in-one
          ./flowlens all-in-one --demo
          ./flowlens all-in-one --config /etc/flowlens/flowlens.yaml
          FLOWLENS_DATA_DIR=/var/lib/flowlens ./flowlens all-in-one
          curl -s localhost:8080/metrics | grep ^flow_
        """;
  }

  @Override
  public Set<String> options() {
    return Set.of("config");
  }

  @Override
  public Set<String> flags() {
    return Set.of("demo");
  }

  @Override
  public int run(CommandLine line, PrintStream out, PrintStream err) throws UsageException, ConfigException {
    Path config = line.value("config").map(Path::of).orElseGet(() -> ConfigFile.bundled("flowlens.yaml"));
    boolean demo = line.flag("demo");
    return Foreground.serve(name(), config, c -> FlowlensProcess.allInOne(c, demo), err);
  }
}

package io.flowlens.app;

import io.flowlens.configuration.ConfigException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

/** {@code check-config}: loads a file as every command would, without starting anything. */
final class CheckConfigCommand implements Command {
  @Override
  public String name() {
    return "check-config";
  }

  @Override
  public String summary() {
    return "validate a configuration file: exit 0, or every problem and exit 2";
  }

  @Override
  public String usage() {
    return """
        Usage: ./flowlens check-config --config FILE

        Loads FILE as every command does (${VAR:-default} substituted from the
        environment, defaults filled in, unknown keys rejected) and checks every
        value. Prints "FILE: ok" and exits 0, or prints each problem with the
        YAML path of its key and exits 2. Starts nothing.

        Options:
          --config FILE   the configuration file to check (required)
          -h, --help      this text

        Examples:
          ./flowlens check-config --config config/flowlens.yaml
          FLOWLENS_KAFKA_BOOTSTRAP=kafka1:9092 ./flowlens check-config --config config/agent.yaml
        """;
  }

  @Override
  public Set<String> options() {
    return Set.of("config");
  }

  @Override
  public int run(CommandLine line, PrintStream out, PrintStream err) throws UsageException, ConfigException {
    Path file = Path.of(line.required("config"));
    ConfigFile.load(file);
    out.println(file + ": ok");
    return ExitCode.OK;
  }
}

package io.flowlens.app;

import io.flowlens.configuration.ConfigException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The entry point of {@code ./flowlens}: picks the command named by the first argument. Exit codes:
 * 0 normal, 2 bad configuration or arguments, 1 failure while running.
 */
public final class Main {
  private static final List<Command> COMMANDS = List.of(new AllInOneCommand(), TierCommand.agent(),
      TierCommand.aggregator(), new DemoExporterCommand(), new CheckConfigCommand());

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs a command with its output on {@code out} and {@code err}; returns the exit code instead of exiting. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Map<String, Command> commands = new LinkedHashMap<>();
    COMMANDS.forEach(c -> commands.put(c.name(), c));
    if (args.length == 0) {
      err.println("flowlens: a command is required");
      err.println();
      err.print(usage());
      return ExitCode.USAGE;
    }
    String name = args[0];
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    if (name.equals("help") || name.equals("--help") || name.equals("-h")) {
      if (rest.length == 0) {
        out.print(usage());
        return ExitCode.OK;
      }
      Command command = commands.get(rest[0]);
      if (command == null || rest.length > 1) {
        err.println("flowlens help: unknown command '" + String.join(" ", rest) + "'");
        err.println();
        err.print(usage());
        return ExitCode.USAGE;
      }
      out.print(command.usage());
      return ExitCode.OK;
    }
    if (name.equals("test")) {
      err.println("flowlens: 'test' installs packages and runs Maven; run it through the script: ./flowlens test");
      return ExitCode.USAGE;
    }
    Command command = commands.get(name);
    if (command == null) {
      err.println("flowlens: unknown command '" + name + "'");
      err.println();
      err.print(usage());
      return ExitCode.USAGE;
    }
    try {
      CommandLine line = CommandLine.parse(rest, command.options(), command.flags());
      if (line.help()) {
        out.print(command.usage());
        return ExitCode.OK;
      }
      return command.run(line, out, err);
    } catch (UsageException e) {
      err.println("flowlens " + name + ": " + e.getMessage());
      err.println();
      err.print(command.usage());
      return ExitCode.USAGE;
    } catch (ConfigException e) {
      err.println(e.getMessage());
      return ExitCode.USAGE;
    } catch (RuntimeException e) {
      err.println("flowlens " + name + ": " + e);
      return ExitCode.FAILURE;
    }
  }

  static String usage() {
    StringBuilder text = new StringBuilder("""
        flowlens turns NetFlow v9, IPFIX and sFlow v5 into Prometheus metrics.

        Usage: ./flowlens COMMAND [OPTIONS]

        Commands:
        """);
    for (Command c : COMMANDS) {
      text.append(String.format("  %-14s %s%n", c.name(), c.summary()));
    }
    text.append(String.format("  %-14s %s%n", "test", "install the test tools (apt) and run every test (mvn verify)"));
    text.append(String.format("  %-14s %s%n", "help", "this text; 'help COMMAND' for a command's options"));
    text.append("""

        Examples:
          ./flowlens all-in-one --demo                 try it: Kafka, agent, aggregator and demo traffic
          ./flowlens check-config --config config/agent.yaml
          ./flowlens agent --config config/agent.yaml  an agent next to the routers
          ./flowlens demo-exporter --target 127.0.0.1:2055 --protocol netflow9 --duration 1m
          ./flowlens help all-in-one

        Exit codes: 0 ok, 2 bad configuration or arguments, 1 failure while running.
        Environment: FLOWLENS_JAVA_OPTS holds JVM options (e.g. -Xmx2g); configuration
        values may use ${VAR} and ${VAR:-default}.
        """);
    return text.toString();
  }
}

package io.flowlens.app;

import io.flowlens.configuration.ConfigException;
import java.io.PrintStream;
import java.util.Set;

/**
 * One {@code ./flowlens} sub-command. {@link Main} parses its options and answers {@code --help}
 * with its {@link #usage()} for every command alike.
 */
interface Command {
  /** The word that selects it: {@code all-in-one}. */
  String name();

  /** One line for the command list. */
  String summary();

  /** The full {@code --help} text: synopsis, options, examples. */
  String usage();

  /** The options that take a value, without the leading dashes. */
  Set<String> options();

  /** The options that take no value, without the leading dashes. */
  default Set<String> flags() {
    return Set.of();
  }

  /**
   * Runs the command; long-running commands return when the process is told to stop.
   *
   * @param line its parsed options (never {@code --help}: that one only prints the usage)
   * @return the {@link ExitCode}
   * @throws UsageException bad arguments (exit 2, with the usage)
   * @throws ConfigException a configuration that cannot be used (exit 2, with every problem)
   */
  int run(CommandLine line, PrintStream out, PrintStream err) throws UsageException, ConfigException;
}

package io.flowlens.app;

import io.flowlens.configuration.ConfigException;
import java.io.PrintStream;

/** One {@code ./flowlens} sub-command. */
interface Command {
  /** The word that selects it: {@code all-in-one}. */
  String name();

  /** One line for the command list. */
  String summary();

  /** The full {@code --help} text: synopsis, options, examples. */
  String usage();

  /**
   * Runs the command; long-running commands return when the process is told to stop.
   *
   * @return the {@link ExitCode}
   * @throws UsageException bad arguments (exit 2, with the usage)
   * @throws ConfigException a configuration that cannot be used (exit 2, with every problem)
   */
  int run(String[] args, PrintStream out, PrintStream err) throws UsageException, ConfigException;
}

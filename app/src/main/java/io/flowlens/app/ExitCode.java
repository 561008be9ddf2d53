package io.flowlens.app;

/** The exit codes of every command. */
public final class ExitCode {
  /** Normal end. */
  public static final int OK = 0;
  /** A failure while running: a component could not start, or stopped with an error. */
  public static final int FAILURE = 1;
  /** Bad configuration or bad command-line arguments: nothing was started. */
  public static final int USAGE = 2;

  private ExitCode() {}
}

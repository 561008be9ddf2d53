package io.flowlens.app;

import io.flowlens.configuration.ConfigException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a process in the foreground until SIGTERM or SIGINT (Ctrl-C): a shutdown hook closes its
 * components in reverse order, so the embedded broker's log is consistent when the JVM exits.
 */
final class Foreground {
  private static final Logger LOG = LoggerFactory.getLogger(Foreground.class);

  private Foreground() {}

  /**
   * Loads {@code configFile}, configures logging from it, starts the process and runs it.
   *
   * @throws ConfigException before anything starts, when the file cannot be used
   */
  static int serve(String name, Path configFile, Function<FlowlensConfig, FlowlensProcess> start, PrintStream err)
      throws ConfigException {
    FlowlensConfig config = ConfigFile.load(configFile);
    LogSetup.apply(config.logging());
    LOG.atInfo().setMessage("flowlens " + name + " starting").addKeyValue("config", configFile).log();
    return run(name, () -> start.apply(config), err);
  }

  /**
   * @param name the command, for messages
   * @return {@link ExitCode#FAILURE} when the process cannot start; otherwise it runs until the JVM is told to stop
   */
  static int run(String name, Supplier<FlowlensProcess> start, PrintStream err) {
    FlowlensProcess process;
    try {
      process = start.get();
    } catch (RuntimeException e) {
      LOG.atError().setMessage("flowlens " + name + " could not start").setCause(e).log();
      err.println("flowlens " + name + ": " + e.getMessage());
      return ExitCode.FAILURE;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("flowlens {} stopping", name);
      process.close();
      LOG.info("flowlens {} stopped", name);
      stopped.countDown();
    }, "flowlens-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.close();
    }
    return ExitCode.OK;
  }
}

package io.flowlens.app;

import io.flowlens.configuration.Durations;
import io.flowlens.demo.DemoExporter;
import io.flowlens.demo.DemoExporterConfig;
import io.flowlens.demo.DemoProtocol;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code demo-exporter}: synthetic flow traffic to any collector, for demos and load tests. */
final class DemoExporterCommand implements Command {
  @Override
  public String name() {
    return "demo-exporter";
  }

  @Override
  public String summary() {
    return "send synthetic NetFlow v9, IPFIX or sFlow traffic to a collector";
  }

  @Override
  public String usage() {
    return """
        Usage: ./flowlens demo-exporter --target HOST:PORT --protocol netflow9|ipfix|sflow
                                        [--rate FLOWS_PER_S] [--duration D]

        Simulates routers that export synthetic traffic (a day/night rate swing,
        bursts, well-known networks and ports) to HOST:PORT at a paced flow rate.
        Runs until --duration has passed, or until SIGTERM / Ctrl-C; prints the
        totals at the end.

        Options:
          --target HOST:PORT   where to send ([v6addr]:PORT for IPv6) (required)
          --protocol P         netflow9, ipfix or sflow (required)
          --rate N             flow records per second over all simulated routers
                               (default 2000)
          --duration D         how long to send, e.g. 30s, 5m, 1h (default: until stopped)
          -h, --help           this text

        Examples:
          ./flowlens demo-exporter --target 127.0.0.1:2055 --protocol netflow9
          ./flowlens demo-exporter --target collector.example.net:6343 --protocol sflow --rate 50000 --duration 5m
          ./flowlens demo-exporter --target [::1]:4739 --protocol ipfix --duration 30s
        """;
  }

  @Override
  public Set<String> options() {
    return Set.of("target", "protocol", "rate", "duration");
  }

  @Override
  public int run(CommandLine line, PrintStream out, PrintStream err) throws UsageException {
    DemoExporter exporter = new DemoExporter(config(line));
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      exporter.close();
      awaitQuietly(finished);
    }, "flowlens-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      exporter.run();
      return ExitCode.OK;
    } catch (IOException e) {
      err.println("flowlens demo-exporter: cannot send to " + line.value("target").orElse("") + ": " + e.getMessage());
      return ExitCode.FAILURE;
    } finally {
      finished.countDown();
      removeHook(hook);
    }
  }

  private static DemoExporterConfig config(CommandLine line) throws UsageException {
    String target = line.required("target");
    String protocol = line.required("protocol");
    Double rate = line.value("rate").isPresent() ? rate(line.value("rate").get()) : null;
    Duration duration = line.value("duration").isPresent() ? duration(line.value("duration").get()) : null;
    try {
      DemoExporterConfig config = DemoExporterConfig.defaults(DemoExporterConfig.parseTarget(target),
          DemoProtocol.parse(protocol));
      if (rate != null) {
        config = config.withRate(rate);
      }
      return duration == null ? config : config.withDuration(duration);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private static Duration duration(String text) throws UsageException {
    try {
      Duration duration = Durations.parse(text);
      if (duration.isZero()) {
        throw new UsageException("--duration must be more than 0 (leave it out to send until stopped)");
      }
      return duration;
    } catch (IllegalArgumentException e) {
      throw new UsageException("--duration: " + e.getMessage());
    }
  }

  private static double rate(String text) throws UsageException {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new UsageException("--rate must be a number of flows per second, got " + text);
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A run that ended by itself leaves no hook behind (the JVM may be shutting down already). */
  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run: the process is ending anyway
    }
  }
}

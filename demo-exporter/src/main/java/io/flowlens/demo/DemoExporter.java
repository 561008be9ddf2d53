package io.flowlens.demo;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in demo exporter and load generator: several simulated routers send synthetic
 * NetFlow v9, IPFIX or sFlow v5 traffic to one collector at a paced flow rate.
 *
 * <p>Either {@link #start()} it in the background and {@link #close()} it later (all-in-one
 * {@code --demo}), or call {@link #run()}, which blocks until the configured duration has passed
 * or {@link #close()} is called from elsewhere, and returns the totals (the
 * {@code demo-exporter} command). Send errors, such as an ICMP port unreachable while no collector
 * listens, are counted and logged at most every 10 s; they never stop the exporter.
 */
public final class DemoExporter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DemoExporter.class);
  /** Datagrams go out at least this often at low rates, each then carrying fewer flows. */
  private static final double MAX_BATCH_WAIT_SECONDS = 0.1;
  /** Up to this much time's worth of flows is taken from the bucket in one go at high rates. */
  private static final double MAX_BATCH_SECONDS = 0.005;
  /** The bucket holds this much time's worth of flows to catch up after a stall. */
  private static final double BURST_SECONDS = 0.1;
  private static final long MAX_PARK_NANOS = 100_000_000L;
  private static final long ERROR_LOG_INTERVAL_NANOS = 10_000_000_000L;

  private final DemoExporterConfig config;
  private final Object lifecycle = new Object();
  private volatile boolean stopping;
  private Thread thread;
  private volatile Thread runner;
  // Written only by the sending thread; volatile so summary() may read them from any thread.
  private volatile long datagrams;
  private volatile long flows;
  private volatile long bytes;
  private volatile long sendErrors;
  private volatile long startNanos;
  private volatile long endNanos;

  /** Inert: nothing is opened before {@link #start()} or {@link #run()}. */
  public DemoExporter(DemoExporterConfig config) {
    this.config = config;
  }

  public DemoExporterConfig config() {
    return config;
  }

  /**
   * Opens the sockets and starts sending on a background thread.
   *
   * @throws IOException when a socket cannot be opened or connected
   * @throws IllegalStateException when already started or run
   */
  public void start() throws IOException {
    synchronized (lifecycle) {
      List<SimulatedExporter> exporters = open();
      Thread t = new Thread(() -> send(exporters), "flowlens-demo-" + config.protocol().cliName());
      t.setDaemon(true);
      thread = t;
      t.start();
    }
  }

  /**
   * Sends on the calling thread until the duration has passed or {@link #close()} is called, then
   * logs and returns the totals.
   *
   * @throws IOException when a socket cannot be opened or connected
   */
  public DemoSummary run() throws IOException {
    List<SimulatedExporter> exporters;
    synchronized (lifecycle) {
      exporters = open();
    }
    send(exporters);
    return summary();
  }

  /** The totals so far (or in all, once stopped). */
  public DemoSummary summary() {
    long start = startNanos;
    long end = endNanos != 0 ? endNanos : System.nanoTime();
    Duration elapsed = start == 0 ? Duration.ZERO : Duration.ofNanos(end - start);
    return new DemoSummary(config.protocol(), config.target(), datagrams, flows, bytes, sendErrors, elapsed);
  }

  /** Stops sending, waits for the sending thread to finish and closes the sockets. Idempotent. */
  @Override
  public void close() {
    stopping = true;
    Thread r = runner;
    if (r != null) {
      LockSupport.unpark(r);
    }
    Thread t;
    synchronized (lifecycle) {
      t = thread;
    }
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private List<SimulatedExporter> open() throws IOException {
    if (runner != null || thread != null || startNanos != 0) {
      throw new IllegalStateException("demo exporter already started");
    }
    List<SimulatedExporter> exporters = new ArrayList<>();
    long now = System.currentTimeMillis();
    try {
      for (int i = 0; i < config.exporters(); i++) {
        exporters.add(SimulatedExporter.open(config, i, now));
      }
    } catch (IOException | RuntimeException e) {
      closeAll(exporters);
      throw e;
    }
    startNanos = System.nanoTime();
    return exporters;
  }

  private void send(List<SimulatedExporter> exporters) {
    runner = Thread.currentThread();
    try {
      LOG.info("demo-exporter {} -> {}:{}: {} exporters, {} flows/s{}, sampling 1:{}", config.protocol().cliName(),
          config.target().getHostString(), config.target().getPort(), exporters.size(),
          String.format("%,.0f", config.flowsPerSecond()),
          config.bounded() ? " for " + config.duration().toMillis() / 1000.0 + " s" : "", config.samplingRate());
      loop(exporters);
    } finally {
      endNanos = System.nanoTime();
      closeAll(exporters);
      runner = null;
      LOG.info(summary().describe());
    }
  }

  private void loop(List<SimulatedExporter> exporters) {
    int perDatagram = exporters.get(0).maxFlowsPerDatagram();
    double mean = config.flowsPerSecond();
    RateShape shape = new RateShape(config.diurnalPeriod().toMillis(), config.diurnalAmplitude(), config.bursts(), config.seed());
    long start = startNanos;
    long deadline = config.bounded() ? start + config.duration().toNanos() : Long.MAX_VALUE;
    long progressNanos = config.progressInterval() == null || config.progressInterval().isZero()
        ? Long.MAX_VALUE : config.progressInterval().toNanos();
    long nextProgress = progressNanos == Long.MAX_VALUE ? Long.MAX_VALUE : start + progressNanos;
    TokenBucket bucket = new TokenBucket(mean, Math.max(perDatagram, mean * BURST_SECONDS), System::nanoTime);
    long errorsLogged = 0;
    long nextErrorLog = 0;
    int next = 0;
    while (!stopping && !Thread.currentThread().isInterrupted()) {
      long now = System.nanoTime();
      if (now - deadline >= 0) {
        break;
      }
      if (now - nextProgress >= 0) {
        LOG.info(summary().describe());
        nextProgress += progressNanos;
      }
      long nowMillis = System.currentTimeMillis();
      double rate = mean * shape.multiplier(nowMillis);
      bucket.rate(rate, Math.max(perDatagram, rate * BURST_SECONDS));
      long minBatch = Math.max(1, Math.min(perDatagram, (long) (rate * MAX_BATCH_WAIT_SECONDS)));
      long maxBatch = Math.max(perDatagram, (long) (rate * MAX_BATCH_SECONDS));
      long granted = bucket.tryTake(minBatch, maxBatch);
      if (granted == 0) {
        long wait = Math.min(bucket.nanosUntil(minBatch), MAX_PARK_NANOS);
        wait = Math.min(wait, deadline - now);
        if (nextProgress != Long.MAX_VALUE) {
          wait = Math.min(wait, nextProgress - now);
        }
        LockSupport.parkNanos(this, Math.max(wait, 1));
        continue;
      }
      // Whole datagrams only: a remainder smaller than a batch goes back to pace the next one.
      while (granted >= minBatch && !stopping) {
        SimulatedExporter exporter = exporters.get(next);
        next = next + 1 == exporters.size() ? 0 : next + 1;
        int encoded = exporter.encode((int) Math.min(granted, Integer.MAX_VALUE), nowMillis);
        granted -= encoded;
        try {
          exporter.send();
          datagrams++;
          flows += encoded;
          bytes += exporter.encodedBytes();
        } catch (IOException e) {
          sendErrors++;
          long t = System.nanoTime();
          if (t - nextErrorLog >= 0) {
            LOG.warn("demo-exporter {} -> {}:{}: {} send errors (reported at most every {} s), latest: {}", config.protocol().cliName(),
                config.target().getHostString(), config.target().getPort(), sendErrors - errorsLogged,
                ERROR_LOG_INTERVAL_NANOS / 1_000_000_000L, e.toString());
            errorsLogged = sendErrors;
            nextErrorLog = t + ERROR_LOG_INTERVAL_NANOS;
          }
        }
      }
      bucket.putBack(granted);
    }
  }

  private static void closeAll(List<SimulatedExporter> exporters) {
    for (SimulatedExporter e : exporters) {
      try {
        e.close();
      } catch (IOException ex) {
        LOG.debug("closing a demo exporter socket failed", ex);
      }
    }
  }
}

package io.flowlens.bench;

import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The timing of repeated /metrics scrapes in the harnesses: scrapes in the calling thread (the snapshots
 * alone, then with the Prometheus text format written to memory), in milliseconds after a warm-up; the
 * median and p99 of such timings; and the CPU time of Java threads by name, for the threads that serve or
 * feed a scrape.
 *
 * @param lines lines of the text format of the last scrape
 * @param collectMs time to take the snapshots, per scrape
 * @param textMs time to take the snapshots and write the text format, per scrape
 * @param cpuMs CPU time of the scraping thread for both, per scrape
 */
record ScrapeTiming(int lines, double[] collectMs, double[] textMs, double[] cpuMs) {

  /** {@code scrapes} scrapes of {@code snapshots} in this thread, timed after {@code warmUp} untimed ones. */
  static ScrapeTiming inProcess(Supplier<MetricSnapshots> snapshots, int warmUp, int scrapes) throws IOException {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double[] collect = new double[scrapes];
    double[] text = new double[scrapes];
    double[] cpu = new double[scrapes];
    int lines = 0;
    for (int i = -warmUp; i < scrapes; i++) {
      long c0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      MetricSnapshots scraped = snapshots.get();
      long t1 = System.nanoTime();
      ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 22);
      ExpositionFormats.init().getPrometheusTextFormatWriter().write(out, scraped);
      long t2 = System.nanoTime();
      if (i >= 0) {
        collect[i] = (t1 - t0) / 1e6;
        text[i] = (t2 - t0) / 1e6;
        cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
        lines = out.toString(StandardCharsets.UTF_8).split("\n").length;
      }
    }
    return new ScrapeTiming(lines, collect, text, cpu);
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v[v.length / 2];
  }

  /** The 99th percentile by the nearest rank: of 20 values, the largest. */
  static double p99(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v[(int) Math.ceil(0.99 * v.length) - 1];
  }

  /** CPU time so far of every live Java thread, by name (threads of the same name summed). */
  static Map<String, Long> threadCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<String, Long> cpu = new HashMap<>();
    for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (t != null) {
        // Kafka Streams names its threads <application id>-<uuid>-StreamThread-1: the uuid says nothing here.
        String name = t.getThreadName().replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "*");
        cpu.merge(name, Math.max(0, threads.getThreadCpuTime(t.getThreadId())), Long::sum);
      }
    }
    return cpu;
  }

  /** CPU time so far of the live Java threads whose name (as in {@link #threadCpuNanos()}) is {@code named}. */
  static long threadCpuNanos(Predicate<String> named) {
    return threadCpuNanos().entrySet().stream().filter(e -> named.test(e.getKey())).mapToLong(Map.Entry::getValue).sum();
  }
}

package io.flowlens.aggregator.topology;

import io.flowlens.configuration.MetricsConfig;
import io.flowlens.http.ProcessingDuration;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The aggregator's self-metrics that the topology moves (names after {@code metrics.namespace}):
 * {@code flow_aggregator_processed_records_total}, {@code flow_aggregator_dropped_records_total{reason}},
 * {@code flow_aggregator_late_window_updates_total{window}} (a delta too late for its slot of the
 * rolling windows, or older than the ring, counts in the totals only: once per window size it misses), {@code flow_aggregator_folded_series_total{aggregation}}
 * and {@code flow_aggregator_expired_series_total{aggregation}}, {@code flow_aggregator_replayed_records_total}
 * (records read again to re-derive a combiner's lost partial sums),
 * {@code flow_aggregator_counted_flows_total{aggregation}} (flows added to the series store: behind the
 * processed records by what the combiner holds), and the histogram
 * {@code flow_processing_duration_seconds} (receive time at the agent to the update of the stores).
 * Thread-safe: every stream thread's processors share one instance.
 */
public final class TopologyMetrics {
  private final MeterRegistry registry;
  private final MetricsConfig names;
  private final Counter processed;
  private final Map<DropReason, Counter> dropped = new EnumMap<>(DropReason.class);
  private final Map<String, Counter> late = new ConcurrentHashMap<>();
  private final Map<String, Counter> folded = new ConcurrentHashMap<>();
  private final Map<String, Counter> expired = new ConcurrentHashMap<>();
  private final Counter replayed;
  private final Map<String, Counter> counted = new ConcurrentHashMap<>();
  private final Timer latency;

  public TopologyMetrics(MeterRegistry registry, MetricsConfig names) {
    this.registry = registry;
    this.names = names;
    processed = Counter.builder(names.name("aggregator_processed_records"))
        .description("Flow records read from the flow topic and counted").register(registry);
    for (DropReason r : DropReason.values()) {
      dropped.put(r, Counter.builder(names.name("aggregator_dropped_records"))
          .description("Flow records skipped, by reason").tag("reason", r.label()).register(registry));
    }
    replayed = Counter.builder(names.name("aggregator_replayed_records"))
        .description("Flow records read again at a task's start because the previous owner had not flushed their sums")
        .register(registry);
    latency = ProcessingDuration.register(registry, names, "aggregator");
  }

  void processed() {
    processed.increment();
  }

  void replayed(long n) {
    replayed.increment(n);
  }

  /** The counter of flows added to {@code aggregation}'s series store (the interfaces count each flow twice). */
  Counter counted(String aggregation) {
    return counter(counted, "aggregator_counted_flows", "Flows added to the series store, per aggregation",
        aggregation);
  }

  void dropped(DropReason reason) {
    dropped.get(reason).increment();
  }

  void lateWindowUpdate(String window) {
    late.computeIfAbsent(window, w -> Counter.builder(names.name("aggregator_late_window_updates"))
        .description("Updates of a window that had already closed, skipped").tag("window", w).register(registry))
        .increment();
  }

  void folded(String aggregation, long n) {
    counter(folded, "aggregator_folded_series", "Series summed into __other__ to keep the cap", aggregation)
        .increment(n);
  }

  void expired(String aggregation, long n) {
    counter(expired, "aggregator_expired_series", "Series removed after series_idle_expiry without a flow",
        aggregation).increment(n);
  }

  void latency(long millis) {
    latency.record(Duration.ofMillis(Math.max(0, millis)));
  }

  private Counter counter(Map<String, Counter> map, String name, String help, String aggregation) {
    return map.computeIfAbsent(aggregation, a -> Counter.builder(names.name(name)).description(help)
        .tag("aggregation", a).register(registry));
  }

  /** The processed and dropped counts, for tests and the throughput harness. */
  public double processedCount() {
    return processed.count();
  }

  /** The flows added to {@code aggregation}'s series store so far. */
  public double countedFlows(String aggregation) {
    return counted(aggregation).count();
  }

  public double droppedCount(DropReason reason) {
    return dropped.get(reason).count();
  }
}

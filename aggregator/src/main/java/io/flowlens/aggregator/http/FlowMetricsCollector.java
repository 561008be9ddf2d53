package io.flowlens.aggregator.http;

import io.flowlens.aggregator.AggregatorConfig;
import io.flowlens.aggregator.window.AggregationSpec;
import io.flowlens.aggregator.window.SeriesKeyCodec;
import io.flowlens.configuration.MetricsConfig;
import io.flowlens.logging.RateLimitedLog;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.LoggerFactory;

/**
 * The flow metrics, built at each scrape from the local state stores (no copy kept between scrapes):
 * counters {@code flow_bytes_total}, {@code flow_packets_total}, {@code flow_flows_total} with
 * {@code aggregation} and the aggregation's dimensions as labels; for the last completed window of
 * each size, gauges {@code flow_window_bytes}, {@code flow_window_packets}, {@code flow_window_flows}
 * and {@code flow_bandwidth_bps} (bits per second over the window) with {@code aggregation},
 * {@code window} and the dimensions; and {@code flow_aggregator_series{aggregation}}, the series held.
 *
 * <p>The {@code __other__} series of an aggregation exists once per task; the scrape sums them so
 * that each label set appears once. While Kafka Streams rebalances the stores cannot be read: the
 * scrape then has no flow metrics (Prometheus marks them stale for a moment) and a warning is logged.
 */
public final class FlowMetricsCollector implements MultiCollector {
  private static final RateLimitedLog LOG =
      new RateLimitedLog(LoggerFactory.getLogger(FlowMetricsCollector.class), Duration.ofMinutes(1));

  private final List<AggregationSpec> specs;
  private final List<Duration> windows;
  private final Duration grace;
  private final MetricsConfig names;
  private final SeriesStores stores;
  private final Clock clock;

  public FlowMetricsCollector(AggregatorConfig config, MetricsConfig names, SeriesStores stores, Clock clock) {
    this.specs = AggregationSpec.resolve(config);
    this.windows = AggregationSpec.allWindows(specs);
    this.grace = config.grace();
    this.names = names;
    this.stores = stores;
    this.clock = clock;
  }

  @Override
  public MetricSnapshots collect() {
    try {
      return snapshots();
    } catch (InvalidStateStoreException e) {
      LOG.warn("stores", "flow metrics unavailable while the stores are not queryable: {}", e.getMessage());
      return new MetricSnapshots();
    }
  }

  private MetricSnapshots snapshots() {
    List<Map<Bytes, long[]>> totals = new ArrayList<>();
    specs.forEach(s -> totals.add(new HashMap<>()));
    stores.forEachTotal((key, t) -> add(totals, key, t.bytes(), t.packets(), t.flows()));

    CounterSnapshot.Builder bytes = counter("bytes", "Bytes seen (scaled by the sampling rate), per series");
    CounterSnapshot.Builder packets = counter("packets", "Packets seen (scaled by the sampling rate), per series");
    CounterSnapshot.Builder flows = counter("flows", "Flow records seen, per series");
    GaugeSnapshot.Builder series = GaugeSnapshot.builder().name(names.name("aggregator_series"))
        .help("Series held by this instance, per aggregation (the __other__ series not included)");
    for (AggregationSpec spec : specs) {
      Map<Bytes, long[]> rows = totals.get(spec.index());
      long count = 0;
      for (Map.Entry<Bytes, long[]> row : rows.entrySet()) {
        Labels labels = labels(spec, row.getKey().get(), null);
        long[] v = row.getValue();
        bytes.dataPoint(CounterDataPointSnapshot.builder().labels(labels).value(v[0]).build());
        packets.dataPoint(CounterDataPointSnapshot.builder().labels(labels).value(v[1]).build());
        flows.dataPoint(CounterDataPointSnapshot.builder().labels(labels).value(v[2]).build());
        count += SeriesKeyCodec.isOther(row.getKey().get()) ? 0 : 1;
      }
      series.dataPoint(GaugeDataPointSnapshot.builder().labels(Labels.of("aggregation", spec.name())).value(count).build());
    }

    GaugeSnapshot.Builder windowBytes = gauge("window_bytes", "Bytes in the last completed window");
    GaugeSnapshot.Builder windowPackets = gauge("window_packets", "Packets in the last completed window");
    GaugeSnapshot.Builder windowFlows = gauge("window_flows", "Flow records in the last completed window");
    GaugeSnapshot.Builder bandwidth = gauge("bandwidth_bps", "Bits per second over the last completed window");
    long now = clock.millis();
    for (Duration w : windows) {
      List<Map<Bytes, long[]>> counts = new ArrayList<>();
      specs.forEach(s -> counts.add(new HashMap<>()));
      stores.forEachInWindow(w, LastWindow.at(now, w, grace).startMs(),
          (key, c) -> add(counts, key, c.bytes(), c.packets(), c.flows()));
      String window = AggregatorConfig.windowLabel(w);
      double seconds = w.toMillis() / 1000.0;
      for (AggregationSpec spec : specs) {
        if (!spec.windows().contains(w)) {
          continue;
        }
        for (Map.Entry<Bytes, long[]> row : counts.get(spec.index()).entrySet()) {
          Labels labels = labels(spec, row.getKey().get(), window);
          long[] v = row.getValue();
          windowBytes.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(v[0]).build());
          windowPackets.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(v[1]).build());
          windowFlows.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(v[2]).build());
          bandwidth.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(v[0] * 8 / seconds).build());
        }
      }
    }
    return MetricSnapshots.of(bytes.build(), packets.build(), flows.build(), windowBytes.build(), windowPackets.build(),
        windowFlows.build(), bandwidth.build(), series.build());
  }

  private void add(List<Map<Bytes, long[]>> into, byte[] key, long b, long p, long f) {
    int index = SeriesKeyCodec.aggregation(key);
    if (index >= into.size()) {
      // A key of an aggregation removed from the configuration since: left to expire.
      return;
    }
    long[] v = into.get(index).computeIfAbsent(Bytes.wrap(key), k -> new long[3]);
    v[0] += b;
    v[1] += p;
    v[2] += f;
  }

  private static Labels labels(AggregationSpec spec, byte[] key, String window) {
    String[] values = SeriesKeyCodec.labels(spec, key);
    int extra = window == null ? 1 : 2;
    String[] n = new String[values.length + extra];
    String[] v = new String[values.length + extra];
    n[0] = "aggregation";
    v[0] = spec.name();
    if (window != null) {
      n[1] = "window";
      v[1] = window;
    }
    for (int i = 0; i < values.length; i++) {
      n[i + extra] = spec.dimensions().get(i).label();
      v[i + extra] = values[i];
    }
    return Labels.of(n, v);
  }

  private CounterSnapshot.Builder counter(String name, String help) {
    return CounterSnapshot.builder().name(names.name(name)).help(help);
  }

  private GaugeSnapshot.Builder gauge(String name, String help) {
    return GaugeSnapshot.builder().name(names.name(name)).help(help);
  }
}

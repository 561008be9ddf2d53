package io.flowlens.aggregator.http;

import io.flowlens.aggregator.AggregatorConfig;
import io.flowlens.aggregator.window.AggregationSpec;
import io.flowlens.aggregator.window.SeriesKeyCodec;
import io.flowlens.aggregator.window.SeriesState;
import io.flowlens.aggregator.window.WindowRing;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.LoggerFactory;

/**
 * The flow metrics, built at each scrape from the local series store (no copy of the counts kept
 * between scrapes): counters {@code flow_bytes_total}, {@code flow_packets_total}, {@code flow_flows_total}
 * with {@code aggregation} and the aggregation's dimensions as labels; for the rolling window of each
 * size ending at the last completed hop boundary ({@link LastWindow}), gauges {@code flow_window_bytes},
 * {@code flow_window_packets}, {@code flow_window_flows} and {@code flow_bandwidth_bps} (bytes x 8 over
 * the window's nominal size in seconds, also while less than a window of history exists) with
 * {@code aggregation}, {@code window} and the dimensions; and {@code flow_aggregator_series{aggregation}},
 * the series held. A window with no flow of a series has no data point for it.
 *
 * <p>One pass over the store gives everything: a series' value holds its totals and its ring of slots,
 * from which one tight loop sums every window size ({@link WindowRing#sum}). The
 * label sets of a series are decoded once and kept while the series is in the store (decoding
 * addresses was a good part of a scrape), and the series are handed to the snapshots in the previous
 * scrape's sorted order (their sort by labels was most of the rest). The {@code __other__} series of an aggregation
 * exists once per task; the scrape sums them so that each label set appears once. While Kafka Streams
 * rebalances the store cannot be read: the scrape then has no flow metrics (Prometheus marks them
 * stale for a moment) and a warning is logged. Scrapes are serialised (they share the label cache).
 */
public final class FlowMetricsCollector implements MultiCollector {
  private static final RateLimitedLog LOG =
      new RateLimitedLog(LoggerFactory.getLogger(FlowMetricsCollector.class), Duration.ofMinutes(1));

  private final List<AggregationSpec> specs;
  private final List<WindowRing> rings;
  private final List<int[]> windowOrder = new ArrayList<>();
  /** Per aggregation, the label names without and with {@code window}: shared strings, so equal names compare fast. */
  private final List<String[][]> labelNames = new ArrayList<>();
  private final List<String[]> windowLabels = new ArrayList<>();
  private final MetricsConfig names;
  private final SeriesStores stores;
  private final Clock clock;
  private Map<Bytes, Labels[]> labelCache = new HashMap<>();
  private List<Bytes> lastOrder = List.of();

  public FlowMetricsCollector(AggregatorConfig config, MetricsConfig names, SeriesStores stores, Clock clock) {
    this.specs = AggregationSpec.resolve(config);
    this.names = names;
    this.stores = stores;
    this.clock = clock;
    this.rings = WindowRing.of(specs, config.grace());
    for (AggregationSpec spec : specs) {
      // The order of the window label values ("15m" < "1h" < "1m" < "5m"): a series' window points in the
      // order the snapshots sort them ("window" is the last label name of every aggregation).
      windowOrder.add(IntStream.range(0, spec.windows().size()).boxed()
          .sorted(Comparator.comparing(i -> AggregatorConfig.windowLabel(spec.windows().get(i))))
          .mapToInt(Integer::intValue).toArray());
      String[] windows = spec.windows().stream().map(AggregatorConfig::windowLabel).map(String::intern)
          .toArray(String[]::new);
      windowLabels.add(windows);
      String[][] nameSets = new String[windows.length + 1][];
      List<String> dims = spec.dimensions().stream().map(d -> d.label().intern()).toList();
      nameSets[0] = Stream.concat(Stream.of("aggregation"), dims.stream()).toArray(String[]::new);
      for (int i = 0; i < windows.length; i++) {
        nameSets[i + 1] = Stream.concat(Stream.of("aggregation", "window"), dims.stream()).toArray(String[]::new);
      }
      labelNames.add(nameSets);
    }
  }

  @Override
  public synchronized MetricSnapshots collect() {
    try {
      return snapshots();
    } catch (InvalidStateStoreException e) {
      LOG.warn("stores", "flow metrics unavailable while the stores are not queryable: {}", e.getMessage());
      return new MetricSnapshots();
    }
  }

  private MetricSnapshots snapshots() {
    CounterSnapshot.Builder bytes = counter("bytes", "Bytes seen (scaled by the sampling rate), per series");
    CounterSnapshot.Builder packets = counter("packets", "Packets seen (scaled by the sampling rate), per series");
    CounterSnapshot.Builder flows = counter("flows", "Flow records seen, per series");
    GaugeSnapshot.Builder windowBytes = gauge("window_bytes", "Bytes in the rolling window ending at the last completed boundary");
    GaugeSnapshot.Builder windowPackets = gauge("window_packets", "Packets in the rolling window ending at the last completed boundary");
    GaugeSnapshot.Builder windowFlows = gauge("window_flows", "Flow records in the rolling window ending at the last completed boundary");
    GaugeSnapshot.Builder bandwidth = gauge("bandwidth_bps", "Bits per second over the rolling window (bytes x 8 / window size)");
    long now = clock.millis();
    long[] boundaries = new long[rings.size()];
    long[][] sums = new long[rings.size()][];
    for (int i = 0; i < boundaries.length; i++) {
      boundaries[i] = rings.get(i).boundary(now);
      sums[i] = new long[3 * rings.get(i).windows().size()];
    }
    long[] seriesCount = new long[specs.size()];
    List<SeriesState> others = new ArrayList<>();
    specs.forEach(s -> others.add(null));
    Map<Bytes, Labels[]> cache = new HashMap<>(labelCache.size() * 4 / 3 + 16);

    Map<Bytes, SeriesState> rows = new HashMap<>(labelCache.size() * 4 / 3 + 16);
    List<Bytes> fresh = new ArrayList<>();
    stores.forEachSeries((key, state) -> {
      int index = SeriesKeyCodec.aggregation(key);
      if (index >= specs.size()) {
        // A key of an aggregation removed from the configuration since: left to expire.
        return;
      }
      SeriesState s = rings.get(index).fit(state);
      if (SeriesKeyCodec.isOther(key)) {
        SeriesState sum = others.get(index);
        others.set(index, sum == null ? s : sum.absorb(s, 0));
        return;
      }
      seriesCount[index]++;
      Bytes k = Bytes.wrap(key);
      rows.put(k, s);
      Labels[] labels = labelCache.get(k);
      if (labels == null) {
        labels = labels(specs.get(index), key);
        fresh.add(k);
      }
      cache.put(k, labels);
    });
    labelCache = cache;
    // The snapshot builders sort their data points by labels. Handing them over in the previous scrape's
    // sorted order, new series last, makes that sort a linear pass over one long run instead of a full sort.
    List<Bytes> order = new ArrayList<>(rows.size());
    for (Bytes k : lastOrder) {
      if (rows.containsKey(k)) {
        order.add(k);
      }
    }
    order.addAll(fresh);
    for (Bytes k : order) {
      int index = SeriesKeyCodec.aggregation(k.get());
      add(index, rows.get(k), cache.get(k), boundaries[index], sums[index], bytes, packets, flows, windowBytes, windowPackets,
          windowFlows, bandwidth);
    }

    GaugeSnapshot.Builder series = GaugeSnapshot.builder().name(names.name("aggregator_series"))
        .help("Series held by this instance, per aggregation (the __other__ series not included)");
    for (AggregationSpec spec : specs) {
      SeriesState other = others.get(spec.index());
      if (other != null) {
        add(spec.index(), other, labels(spec, SeriesKeyCodec.other(spec)), boundaries[spec.index()],
            sums[spec.index()], bytes, packets, flows, windowBytes, windowPackets, windowFlows, bandwidth);
      }
      series.dataPoint(GaugeDataPointSnapshot.builder().labels(Labels.of("aggregation", spec.name()))
          .value(seriesCount[spec.index()]).build());
    }
    CounterSnapshot bytesSnapshot = bytes.build();
    Map<Labels, Bytes> keys = new IdentityHashMap<>(cache.size() * 4 / 3 + 16);
    cache.forEach((k, labels) -> keys.put(labels[0], k));
    List<Bytes> sorted = new ArrayList<>(order.size());
    for (CounterDataPointSnapshot point : bytesSnapshot.getDataPoints()) {
      Bytes k = keys.get(point.getLabels());
      if (k != null) {
        sorted.add(k);
      }
    }
    lastOrder = sorted;
    return MetricSnapshots.of(bytesSnapshot, packets.build(), flows.build(), windowBytes.build(), windowPackets.build(),
        windowFlows.build(), bandwidth.build(), series.build());
  }

  private void add(int index, SeriesState s, Labels[] labels, long boundary, long[] c, CounterSnapshot.Builder bytes,
      CounterSnapshot.Builder packets, CounterSnapshot.Builder flows, GaugeSnapshot.Builder windowBytes,
      GaugeSnapshot.Builder windowPackets, GaugeSnapshot.Builder windowFlows, GaugeSnapshot.Builder bandwidth) {
    bytes.dataPoint(CounterDataPointSnapshot.builder().labels(labels[0]).value(s.bytes()).build());
    packets.dataPoint(CounterDataPointSnapshot.builder().labels(labels[0]).value(s.packets()).build());
    flows.dataPoint(CounterDataPointSnapshot.builder().labels(labels[0]).value(s.flows()).build());
    WindowRing r = rings.get(index);
    r.sum(s.windows(), boundary, c);
    for (int i : windowOrder.get(index)) {
      if (c[3 * i + 2] == 0) {
        continue;
      }
      long b = c[3 * i];
      windowBytes.dataPoint(GaugeDataPointSnapshot.builder().labels(labels[i + 1]).value(b).build());
      windowPackets.dataPoint(GaugeDataPointSnapshot.builder().labels(labels[i + 1]).value(c[3 * i + 1]).build());
      windowFlows.dataPoint(GaugeDataPointSnapshot.builder().labels(labels[i + 1]).value(c[3 * i + 2]).build());
      bandwidth.dataPoint(GaugeDataPointSnapshot.builder().labels(labels[i + 1])
          .value(b * 8 / (r.windows().get(i).toMillis() / 1000.0)).build());
    }
  }

  /** The label sets of a series: without {@code window} first, then one per window size of its aggregation. */
  private Labels[] labels(AggregationSpec spec, byte[] key) {
    String[] values = SeriesKeyCodec.labels(spec, key);
    String[][] names = labelNames.get(spec.index());
    String[] windows = windowLabels.get(spec.index());
    Labels[] sets = new Labels[windows.length + 1];
    sets[0] = labels(names[0], spec.name(), values, null);
    for (int i = 0; i < windows.length; i++) {
      sets[i + 1] = labels(names[i + 1], spec.name(), values, windows[i]);
    }
    return sets;
  }

  private static Labels labels(String[] names, String aggregation, String[] values, String window) {
    int extra = window == null ? 1 : 2;
    String[] v = new String[values.length + extra];
    v[0] = aggregation;
    if (window != null) {
      v[1] = window;
    }
    System.arraycopy(values, 0, v, extra, values.length);
    return Labels.of(names, v);
  }

  private CounterSnapshot.Builder counter(String name, String help) {
    return CounterSnapshot.builder().name(names.name(name)).help(help);
  }

  private GaugeSnapshot.Builder gauge(String name, String help) {
    return GaugeSnapshot.builder().name(names.name(name)).help(help);
  }
}

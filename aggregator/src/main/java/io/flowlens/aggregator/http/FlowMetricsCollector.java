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
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
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
 * addresses was a good part of a scrape), found again by walking the previous scrape's series in store
 * order ({@code Lookup}), and the series are handed to the snapshots in the previous scrape's sorted
 * order (their sort by labels was most of the rest). The {@code __other__} series of an aggregation
 * exists once per task; the scrape sums them so that each label set appears once. While Kafka Streams
 * rebalances the store cannot be read: the scrape then has no flow metrics (Prometheus marks them
 * stale for a moment) and a warning is logged. Scrapes are serialised (they share the previous scrape's series).
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
  /** The series of the previous scrape in the store's order, each with its rank in the sorted order. */
  private Series[] previous = new Series[0];

  /**
   * A series between scrapes: its key, its label sets (decoded once while it stays in the store), and
   * its rank among the previous scrape's series sorted by labels, which is the order the snapshots sort
   * their data points in (-1 while it has none: new since).
   */
  private static final class Series {
    final byte[] key;
    final int aggregation;
    final Labels[] labels;
    int rank = -1;
    /** Its position in this scrape's list of states. */
    int at;

    Series(byte[] key, int aggregation, Labels[] labels) {
      this.key = key;
      this.aggregation = aggregation;
      this.labels = labels;
    }
  }

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

  /** The data points of the seven flow families, filled series by series. */
  private static final class Points {
    final List<CounterDataPointSnapshot> bytes;
    final List<CounterDataPointSnapshot> packets;
    final List<CounterDataPointSnapshot> flows;
    final List<GaugeDataPointSnapshot> windowBytes = new ArrayList<>();
    final List<GaugeDataPointSnapshot> windowPackets = new ArrayList<>();
    final List<GaugeDataPointSnapshot> windowFlows = new ArrayList<>();
    final List<GaugeDataPointSnapshot> bandwidth = new ArrayList<>();

    Points(int series) {
      bytes = new ArrayList<>(series);
      packets = new ArrayList<>(series);
      flows = new ArrayList<>(series);
    }
  }

  private MetricSnapshots snapshots() {
    long now = clock.millis();
    long[] boundaries = new long[rings.size()];
    long[][] sums = new long[rings.size()][];
    for (int i = 0; i < boundaries.length; i++) {
      boundaries[i] = rings.get(i).boundary(now);
      sums[i] = new long[3 * rings.get(i).windows().size()];
    }
    long[] seriesCount = new long[specs.size()];
    SeriesState[] others = new SeriesState[specs.size()];
    List<Series> seen = new ArrayList<>(previous.length + 16);
    List<SeriesState> states = new ArrayList<>(previous.length + 16);
    Lookup lookup = new Lookup(previous);
    int[] fresh = {0};
    stores.forEachSeries((key, state) -> {
      int index = SeriesKeyCodec.aggregation(key);
      if (index >= specs.size()) {
        // A key of an aggregation removed from the configuration since: left to expire.
        return;
      }
      SeriesState s = rings.get(index).fit(state);
      if (SeriesKeyCodec.isOther(key)) {
        others[index] = others[index] == null ? s : others[index].absorb(s, 0);
        return;
      }
      seriesCount[index]++;
      Series series = lookup.find(key);
      if (series == null) {
        series = new Series(key, index, labels(specs.get(index), key));
        fresh[0]++;
      }
      series.at = states.size();
      seen.add(series);
      states.add(s);
    });
    Series[] sorted = sorted(seen, fresh[0]);
    previous = seen.toArray(new Series[0]);

    Points points = new Points(sorted.length + specs.size());
    for (Series series : sorted) {
      add(series.aggregation, states.get(series.at), series.labels, boundaries[series.aggregation],
          sums[series.aggregation], points);
    }
    List<GaugeDataPointSnapshot> series = new ArrayList<>(specs.size());
    for (AggregationSpec spec : specs) {
      SeriesState other = others[spec.index()];
      if (other != null) {
        add(spec.index(), other, labels(spec, SeriesKeyCodec.other(spec)), boundaries[spec.index()], sums[spec.index()],
            points);
      }
      series.add(new GaugeDataPointSnapshot(seriesCount[spec.index()], Labels.of("aggregation", spec.name()), null));
    }
    return MetricSnapshots.of(
        counter("bytes", "Bytes seen (scaled by the sampling rate), per series", points.bytes),
        counter("packets", "Packets seen (scaled by the sampling rate), per series", points.packets),
        counter("flows", "Flow records seen, per series", points.flows),
        gauge("window_bytes", "Bytes in the rolling window ending at the last completed boundary", points.windowBytes),
        gauge("window_packets", "Packets in the rolling window ending at the last completed boundary",
            points.windowPackets),
        gauge("window_flows", "Flow records in the rolling window ending at the last completed boundary",
            points.windowFlows),
        gauge("bandwidth_bps", "Bits per second over the rolling window (bytes x 8 / window size)", points.bandwidth),
        gauge("aggregator_series", "Series held by this instance, per aggregation (the __other__ series not included)",
            series));
  }

  /**
   * The series in the order the snapshots sort them (by labels), and their ranks updated. The snapshots
   * sort their data points whatever the order they get; handed over already sorted, that sort is one
   * linear pass. The previous scrape's order is kept (series that left leave gaps); new series, if any,
   * are sorted in among them, and only then.
   */
  private static Series[] sorted(List<Series> seen, int fresh) {
    int ranked = 0;
    for (Series s : seen) {
      ranked = Math.max(ranked, s.rank + 1);
    }
    Series[] byRank = new Series[ranked + fresh];
    int next = ranked;
    for (Series s : seen) {
      byRank[s.rank >= 0 ? s.rank : next++] = s;
    }
    Series[] sorted = new Series[seen.size()];
    int n = 0;
    for (Series s : byRank) {
      if (s != null) {
        sorted[n++] = s;
      }
    }
    if (fresh > 0) {
      // Stable and adaptive: one long sorted run plus the new series.
      Arrays.sort(sorted, Comparator.comparing((Series s) -> s.labels[0]));
    }
    for (int i = 0; i < sorted.length; i++) {
      sorted[i].rank = i;
    }
    return sorted;
  }

  /**
   * Finds the previous scrape's series of a key. The store yields its keys in the same order at every
   * scrape, so the next series of the previous scrape is nearly always the one: a comparison of the keys
   * instead of hashing them. A series that appeared or left breaks the run; a map over the previous
   * series (built only then) finds the place to go on from.
   */
  private static final class Lookup {
    private final Series[] previous;
    private int next;
    private Map<Bytes, Integer> positions;

    Lookup(Series[] previous) {
      this.previous = previous;
    }

    Series find(byte[] key) {
      if (next < previous.length && Arrays.equals(previous[next].key, key)) {
        return previous[next++];
      }
      if (positions == null) {
        positions = new HashMap<>(previous.length * 4 / 3 + 16);
        for (int i = 0; i < previous.length; i++) {
          positions.put(Bytes.wrap(previous[i].key), i);
        }
      }
      Integer at = positions.get(Bytes.wrap(key));
      if (at == null) {
        return null;
      }
      next = at + 1;
      return previous[at];
    }
  }

  private void add(int index, SeriesState s, Labels[] labels, long boundary, long[] c, Points points) {
    points.bytes.add(new CounterDataPointSnapshot(s.bytes(), labels[0], null, 0, 0));
    points.packets.add(new CounterDataPointSnapshot(s.packets(), labels[0], null, 0, 0));
    points.flows.add(new CounterDataPointSnapshot(s.flows(), labels[0], null, 0, 0));
    WindowRing r = rings.get(index);
    r.sum(s.windows(), boundary, c);
    for (int i : windowOrder.get(index)) {
      if (c[3 * i + 2] == 0) {
        continue;
      }
      long b = c[3 * i];
      Labels l = labels[i + 1];
      points.windowBytes.add(new GaugeDataPointSnapshot(b, l, null));
      points.windowPackets.add(new GaugeDataPointSnapshot(c[3 * i + 1], l, null));
      points.windowFlows.add(new GaugeDataPointSnapshot(c[3 * i + 2], l, null));
      points.bandwidth.add(new GaugeDataPointSnapshot(b * 8 / (r.windows().get(i).toMillis() / 1000.0), l, null));
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

  private CounterSnapshot counter(String name, String help, List<CounterDataPointSnapshot> points) {
    return new CounterSnapshot(new MetricMetadata(names.name(name), help, null), points);
  }

  private GaugeSnapshot gauge(String name, String help, List<GaugeDataPointSnapshot> points) {
    return new GaugeSnapshot(new MetricMetadata(names.name(name), help, null), points);
  }
}

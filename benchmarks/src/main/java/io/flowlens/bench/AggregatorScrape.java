package io.flowlens.bench;

import io.flowlens.aggregator.AggregatorConfig;
import io.flowlens.aggregator.enrich.GeoInfo;
import io.flowlens.aggregator.http.FlowMetricsCollector;
import io.flowlens.aggregator.http.SeriesStores;
import io.flowlens.aggregator.window.AggregationSpec;
import io.flowlens.aggregator.window.NormalizedFlow;
import io.flowlens.aggregator.window.SeriesKeyCodec;
import io.flowlens.aggregator.window.SeriesState;
import io.flowlens.aggregator.window.WindowRing;
import io.flowlens.configuration.ConfigLoader;
import io.flowlens.configuration.MetricsConfig;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The /metrics scrape of the flow metrics, without Kafka: a series store holding every shipped
 * aggregation at its cap (talkers 10,000 series by default), each series with counts in every slot of
 * its ring up to the last completed boundary (every rolling window full), scraped by {@link FlowMetricsCollector} 20 times after 5 of warm-up.
 * Prints the median and p99 of the collector alone, of collector + Prometheus text, and the CPU time.
 * Arguments: {@code [talkers]}. Run with benchmarks/aggregator-scrape.sh.
 */
public final class AggregatorScrape {
  private AggregatorScrape() {}

  public static void main(String[] args) throws Exception {
    int talkers = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    AggregatorConfig config = new ConfigLoader(Map.of()).parse("{}", AggregatorConfig.class, "scrape");
    Instant now = Instant.parse("2024-05-01T10:00:05Z");
    List<AggregationSpec> specs = AggregationSpec.resolve(config);
    NavigableMap<Bytes, SeriesState> store = new TreeMap<>();
    SeriesKeyCodec codec = new SeriesKeyCodec();
    List<WindowRing> ringsOf = WindowRing.of(specs, config.grace());
    for (AggregationSpec spec : specs) {
      int n = spec.name().equals("talkers") ? talkers : Math.min(spec.maxSeries(), 2000);
      WindowRing ring = ringsOf.get(spec.index());
      long boundary = ring.boundary(now.toEpochMilli());
      long largest = spec.windows().stream().mapToLong(Duration::toMillis).max().orElse(0);
      for (int i = 0; i < n; i++) {
        byte[] src = {10, 1, (byte) (i >> 8), (byte) i};
        byte[] dst = {(byte) 198, 51, (byte) (i >> 12), (byte) (i * 7)};
        GeoInfo geo = new GeoInfo("C" + (i % 250), "", 0, 0, 64_512 + i, "AS org " + i);
        NormalizedFlow flow = new NormalizedFlow(new byte[] {10, 0, (byte) (i >> 8), (byte) i}, src, dst, 1024 + i, i,
            6, i, i + 1, 0, "ingress", 1000, 10, now.toEpochMilli(), now.toEpochMilli(), geo, geo, 64_512 + i, 64_512 + i);
        SeriesState s = SeriesState.empty(ring.longs(), now.toEpochMilli()).add(1000L * i, 10L * i, i, now.toEpochMilli());
        for (long start = boundary - largest; start < boundary; start += ring.hopMs()) {
          ring.add(s.windows(), start, 1000L * i + 1, 10, 1);
        }
        store.put(Bytes.wrap(codec.encode(spec, flow, spec.interfaces() ? SeriesKeyCodec.Side.IN : null)), s);
      }
    }
    FlowMetricsCollector collector = new FlowMetricsCollector(config, new MetricsConfig(),
        new SeriesStores(() -> new MapStore(store)), Clock.fixed(now, ZoneOffset.UTC));

    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double[] collect = new double[20];
    double[] text = new double[20];
    double[] cpu = new double[20];
    int lines = 0;
    for (int i = -5; i < 20; i++) {
      long c0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      MetricSnapshots snapshots = collector.collect();
      long t1 = System.nanoTime();
      ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 22);
      ExpositionFormats.init().getPrometheusTextFormatWriter().write(out, snapshots);
      long t2 = System.nanoTime();
      if (i >= 0) {
        collect[i] = (t1 - t0) / 1e6;
        text[i] = (t2 - t0) / 1e6;
        cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
        lines = out.toString().split("\n").length;
      }
    }
    Arrays.sort(collect);
    Arrays.sort(text);
    Arrays.sort(cpu);
    System.out.printf("scrape of %,d series (%,d talkers), %,d lines, 20 scrapes: collect median %.1f ms p99 %.1f ms;"
        + " collect + text median %.1f ms p99 %.1f ms; CPU time median %.1f ms%n", store.size(), talkers, lines,
        collect[10], collect[19], text[10], text[19], cpu[10]);
  }

  /** A read-only key-value store over a sorted map: what the collector reads through interactive queries. */
  private static final class MapStore implements ReadOnlyKeyValueStore<Bytes, SeriesState> {
    private final NavigableMap<Bytes, SeriesState> map;

    MapStore(NavigableMap<Bytes, SeriesState> map) {
      this.map = map;
    }

    @Override
    public SeriesState get(Bytes key) {
      return map.get(key);
    }

    @Override
    public KeyValueIterator<Bytes, SeriesState> range(Bytes from, Bytes to) {
      return iterator(map.subMap(from, true, to, true));
    }

    @Override
    public KeyValueIterator<Bytes, SeriesState> all() {
      return iterator(map);
    }

    @Override
    public long approximateNumEntries() {
      return map.size();
    }

    private static KeyValueIterator<Bytes, SeriesState> iterator(NavigableMap<Bytes, SeriesState> m) {
      Iterator<Map.Entry<Bytes, SeriesState>> it = m.entrySet().iterator();
      return new KeyValueIterator<>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public KeyValue<Bytes, SeriesState> next() {
          Map.Entry<Bytes, SeriesState> e = it.next();
          return new KeyValue<>(e.getKey(), e.getValue());
        }

        @Override
        public Bytes peekNextKey() {
          throw new UnsupportedOperationException("not used by the collector");
        }

        @Override
        public void close() {}
      };
    }
  }
}

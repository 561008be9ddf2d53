package io.flowlens.aggregator.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.aggregator.AggregatorConfig;
import io.flowlens.aggregator.enrich.GeoInfo;
import io.flowlens.aggregator.window.AggregationSpec;
import io.flowlens.aggregator.window.NormalizedFlow;
import io.flowlens.aggregator.window.SeriesKeyCodec;
import io.flowlens.aggregator.window.SeriesState;
import io.flowlens.aggregator.window.WindowRing;
import io.flowlens.configuration.ConfigException;
import io.flowlens.configuration.ConfigLoader;
import io.flowlens.configuration.MetricsConfig;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The collector's exposition, byte for byte, against a plain reference written from the metrics'
 * definition (every label set decoded, every window summed slot by slot, the client library's builders
 * sorting everything), over a store of several partitions (an {@code __other__} series in each) whose
 * series come, go and change between scrapes while the windows move: the collector's caches and its
 * previous-order shortcut must never change a byte of what a scrape returns.
 */
class FlowMetricsOutputTest {
  static final Instant START = Instant.parse("2024-05-01T10:00:05Z");

  final AggregatorConfig config = defaults();
  final List<AggregationSpec> specs = AggregationSpec.resolve(config);
  final List<WindowRing> rings = WindowRing.of(specs, config.grace());
  final SeriesKeyCodec codec = new SeriesKeyCodec();
  final SplittableRandom random = new SplittableRandom(7);
  /** Three partitions: the store iterates each in key order, one after the other, as Kafka Streams does. */
  final List<NavigableMap<Bytes, SeriesState>> partitions = List.of(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
  final MutableClock clock = new MutableClock(START);
  final FlowMetricsCollector collector = new FlowMetricsCollector(config, new MetricsConfig(),
      new SeriesStores(() -> new PartitionedStore(partitions)), clock);

  @Test
  void shouldExposeWhatTheReferenceExposesWhileSeriesComeGoAndChange() throws IOException {
    for (int i = 0; i < 600; i++) {
      put(i);
    }
    for (AggregationSpec spec : specs) {
      for (NavigableMap<Bytes, SeriesState> partition : partitions) {
        if (random.nextInt(3) > 0) {
          partition.put(Bytes.wrap(SeriesKeyCodec.other(spec)), state(spec));
        }
      }
    }
    // A key of an aggregation no longer configured, and a series whose ring has another length.
    partitions.get(0).put(Bytes.wrap(new byte[] {(byte) 99, 0, 1, 2}), state(specs.get(0)));
    AggregationSpec talkers = specs.get(0);
    partitions.get(1).put(Bytes.wrap(codec.encode(talkers, flow(100_000), null)),
        new SeriesState(5, 6, 7, START.toEpochMilli(), 0, new long[8]));

    assertSameAsReference();
    assertSameAsReference();
    for (int round = 0; round < 6; round++) {
      // Some series leave, new ones come (anywhere in the order), others count more.
      for (NavigableMap<Bytes, SeriesState> partition : partitions) {
        partition.keySet().removeIf(k -> !SeriesKeyCodec.isOther(k.get()) && random.nextInt(10) == 0);
        for (Map.Entry<Bytes, SeriesState> e : partition.entrySet()) {
          if (random.nextBoolean()) {
            int index = SeriesKeyCodec.aggregation(e.getKey().get());
            e.setValue(index < specs.size() ? more(specs.get(index), e.getValue()) : e.getValue());
          }
        }
      }
      for (int i = 0; i < 40; i++) {
        put(1000 * (round + 1) + random.nextInt(5000));
      }
      clock.advance(Duration.ofSeconds(20 + random.nextInt(200)));
      assertSameAsReference();
    }
    partitions.forEach(Map::clear);
    assertSameAsReference();
  }

  @Test
  void shouldSumTheOtherSeriesOfEveryPartition() throws IOException {
    AggregationSpec services = specs.stream().filter(s -> s.name().equals("services")).findFirst().orElseThrow();
    WindowRing ring = rings.get(services.index());
    long boundary = ring.boundary(clock.millis());
    for (int i = 0; i < partitions.size(); i++) {
      SeriesState s = SeriesState.empty(ring.longs(), clock.millis()).add(1000L * (i + 1), 10, 1, clock.millis());
      // Two partitions share a slot (summed), the third has another one; both within the last 5 minutes.
      ring.add(s.windows(), boundary - ring.hopMs() * (i == 2 ? 3 : 1), 100, 1, 1);
      partitions.get(i).put(Bytes.wrap(SeriesKeyCodec.other(services)), s);
    }
    String text = text(collector.collect(), false);

    String labels = "aggregation=\"services\",dst_port=\"__other__\",proto=\"__other__\"";
    assertThat(text).contains("flow_bytes_total{" + labels + "} 6000.0\n", "flow_flows_total{" + labels + "} 3.0\n",
        "flow_window_bytes{" + labels + ",window=\"1m\"} 200.0\n", "flow_window_bytes{" + labels + ",window=\"5m\"} 300.0\n",
        "flow_window_flows{" + labels + ",window=\"1h\"} 3.0\n");
    assertThat(text).containsOnlyOnce("flow_bytes_total{" + labels + "}");
    assertThat(text).isEqualTo(text(reference(), false));
  }

  /** The shipped aggregations (talkers, services, geo, asn, interfaces) and windows. */
  private static AggregatorConfig defaults() {
    try {
      return new ConfigLoader(Map.of()).parse("{}", AggregatorConfig.class, "test");
    } catch (ConfigException e) {
      throw new IllegalStateException(e);
    }
  }

  private void assertSameAsReference() throws IOException {
    MetricSnapshots expected = reference();
    MetricSnapshots actual = collector.collect();
    assertThat(text(actual, false)).isEqualTo(text(expected, false));
    assertThat(text(actual, true)).isEqualTo(text(expected, true));
  }

  private void put(int i) {
    NormalizedFlow flow = flow(i);
    for (AggregationSpec spec : specs) {
      byte[] key = codec.encode(spec, flow, spec.interfaces() ? SeriesKeyCodec.Side.IN : null);
      partitions.get(Math.floorMod(java.util.Arrays.hashCode(key), 3)).put(Bytes.wrap(key), state(spec));
    }
  }

  private NormalizedFlow flow(int i) {
    byte[] src = i % 7 == 0 ? new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) (i >> 8), (byte) i}
        : new byte[] {10, 1, (byte) (i >> 8), (byte) i};
    byte[] dst = {(byte) 198, 51, (byte) (i >> 12), (byte) (i * 7)};
    GeoInfo geo = new GeoInfo("C" + (i % 25), i % 3 == 0 ? "" : "Saint-\u00c9tienne", 0, 0, 64_512 + i % 40,
        "AS \"org\" \\ " + (i % 40));
    return new NormalizedFlow(new byte[] {10, 0, 0, (byte) (i % 5)}, src, dst, 1024 + i % 300, i % 50, i % 3 == 0 ? 17 : 6,
        i % 8, (i + 1) % 8, 0, i % 2 == 0 ? "ingress" : "egress", 1000, 10, 0, 0, geo, geo, 64_512 + i % 40, 64_512 + i);
  }

  /** A state with counts in a random subset of the slots around now: some windows full, some empty. */
  private SeriesState state(AggregationSpec spec) {
    WindowRing ring = rings.get(spec.index());
    long now = clock.millis();
    SeriesState s = SeriesState.empty(ring.longs(), now).add(random.nextLong(1L << 40), random.nextInt(1 << 20),
        random.nextInt(1000), now);
    return more(spec, s);
  }

  private SeriesState more(AggregationSpec spec, SeriesState s) {
    WindowRing ring = rings.get(spec.index());
    long now = clock.millis();
    SeriesState next = s.add(random.nextInt(100_000), random.nextInt(100), random.nextInt(10) + 1, now);
    int slots = random.nextInt(4) == 0 || s.windows().length != ring.longs() ? 0 : random.nextInt(ring.slots());
    for (int j = 0; j < slots; j++) {
      long start = ring.slotStart(now - random.nextLong(ring.slots() * ring.hopMs()));
      ring.add(next.windows(), start, random.nextInt(1_000_000), random.nextInt(1000), random.nextInt(3) + 1);
    }
    return next;
  }

  /** The flow metrics from their definition, with nothing cached and nothing pre-sorted. */
  private MetricSnapshots reference() {
    CounterSnapshot.Builder bytes = CounterSnapshot.builder().name("flow_bytes")
        .help("Bytes seen (scaled by the sampling rate), per series");
    CounterSnapshot.Builder packets = CounterSnapshot.builder().name("flow_packets")
        .help("Packets seen (scaled by the sampling rate), per series");
    CounterSnapshot.Builder flows = CounterSnapshot.builder().name("flow_flows").help("Flow records seen, per series");
    GaugeSnapshot.Builder windowBytes = GaugeSnapshot.builder().name("flow_window_bytes")
        .help("Bytes in the rolling window ending at the last completed boundary");
    GaugeSnapshot.Builder windowPackets = GaugeSnapshot.builder().name("flow_window_packets")
        .help("Packets in the rolling window ending at the last completed boundary");
    GaugeSnapshot.Builder windowFlows = GaugeSnapshot.builder().name("flow_window_flows")
        .help("Flow records in the rolling window ending at the last completed boundary");
    GaugeSnapshot.Builder bandwidth = GaugeSnapshot.builder().name("flow_bandwidth_bps")
        .help("Bits per second over the rolling window (bytes x 8 / window size)");
    GaugeSnapshot.Builder series = GaugeSnapshot.builder().name("flow_aggregator_series")
        .help("Series held by this instance, per aggregation (the __other__ series not included)");
    Map<Integer, List<SeriesState>> others = new TreeMap<>();
    long[] count = new long[specs.size()];
    List<Map.Entry<byte[], SeriesState>> rows = new ArrayList<>();
    for (NavigableMap<Bytes, SeriesState> partition : partitions) {
      partition.forEach((k, v) -> rows.add(Map.entry(k.get(), v)));
    }
    for (Map.Entry<byte[], SeriesState> row : rows) {
      int index = SeriesKeyCodec.aggregation(row.getKey());
      if (index >= specs.size()) {
        continue;
      }
      if (SeriesKeyCodec.isOther(row.getKey())) {
        others.computeIfAbsent(index, i -> new ArrayList<>()).add(row.getValue());
        continue;
      }
      count[index]++;
      addReference(specs.get(index), row.getKey(), List.of(row.getValue()), bytes, packets, flows, windowBytes,
          windowPackets, windowFlows, bandwidth);
    }
    others.forEach((index, states) -> addReference(specs.get(index), SeriesKeyCodec.other(specs.get(index)), states,
        bytes, packets, flows, windowBytes, windowPackets, windowFlows, bandwidth));
    for (AggregationSpec spec : specs) {
      series.dataPoint(GaugeDataPointSnapshot.builder().labels(Labels.of("aggregation", spec.name()))
          .value(count[spec.index()]).build());
    }
    return MetricSnapshots.of(bytes.build(), packets.build(), flows.build(), windowBytes.build(), windowPackets.build(),
        windowFlows.build(), bandwidth.build(), series.build());
  }

  /** One series, summed over the states of its key (the {@code __other__} series: one per partition). */
  private void addReference(AggregationSpec spec, byte[] key, List<SeriesState> states, CounterSnapshot.Builder bytes,
      CounterSnapshot.Builder packets, CounterSnapshot.Builder flows, GaugeSnapshot.Builder windowBytes,
      GaugeSnapshot.Builder windowPackets, GaugeSnapshot.Builder windowFlows, GaugeSnapshot.Builder bandwidth) {
    List<String> names = new ArrayList<>(List.of("aggregation"));
    spec.dimensions().forEach(d -> names.add(d.label()));
    List<String> values = new ArrayList<>(List.of(spec.name()));
    values.addAll(List.of(SeriesKeyCodec.labels(spec, key)));
    Labels labels = Labels.of(names, values);
    bytes.dataPoint(CounterDataPointSnapshot.builder().labels(labels).value(states.stream().mapToLong(SeriesState::bytes).sum()).build());
    packets.dataPoint(CounterDataPointSnapshot.builder().labels(labels).value(states.stream().mapToLong(SeriesState::packets).sum()).build());
    flows.dataPoint(CounterDataPointSnapshot.builder().labels(labels).value(states.stream().mapToLong(SeriesState::flows).sum()).build());
    WindowRing ring = rings.get(spec.index());
    long end = ring.boundary(clock.millis());
    for (Duration window : spec.windows()) {
      long b = 0;
      long p = 0;
      long f = 0;
      for (SeriesState s : states) {
        long[] w = s.windows();
        if (w.length != ring.longs()) {
          continue;
        }
        for (int at = 0; at < w.length; at += 4) {
          if (w[at + 3] != 0 && w[at] >= end - window.toMillis() && w[at] < end) {
            b += w[at + 1];
            p += w[at + 2];
            f += w[at + 3];
          }
        }
      }
      if (f == 0) {
        continue;
      }
      Labels withWindow = labels.add("window", AggregatorConfig.windowLabel(window));
      windowBytes.dataPoint(GaugeDataPointSnapshot.builder().labels(withWindow).value(b).build());
      windowPackets.dataPoint(GaugeDataPointSnapshot.builder().labels(withWindow).value(p).build());
      windowFlows.dataPoint(GaugeDataPointSnapshot.builder().labels(withWindow).value(f).build());
      bandwidth.dataPoint(GaugeDataPointSnapshot.builder().labels(withWindow)
          .value(b * 8 / (window.toMillis() / 1000.0)).build());
    }
  }

  private static String text(MetricSnapshots snapshots, boolean openMetrics) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExpositionFormats formats = ExpositionFormats.init();
    if (openMetrics) {
      formats.getOpenMetricsTextFormatWriter().write(out, snapshots);
    } else {
      formats.getPrometheusTextFormatWriter().write(out, snapshots);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** A clock the test moves forward. */
  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("one zone");
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** The partitions one after the other, each in key order: what an interactive query over local tasks yields. */
  record PartitionedStore(List<NavigableMap<Bytes, SeriesState>> partitions)
      implements ReadOnlyKeyValueStore<Bytes, SeriesState> {
    @Override
    public SeriesState get(Bytes key) {
      throw new UnsupportedOperationException("not read by key");
    }

    @Override
    public KeyValueIterator<Bytes, SeriesState> range(Bytes from, Bytes to) {
      throw new UnsupportedOperationException("not read by range");
    }

    @Override
    public KeyValueIterator<Bytes, SeriesState> all() {
      Iterator<Map.Entry<Bytes, SeriesState>> it =
          partitions.stream().flatMap(p -> p.entrySet().stream()).toList().iterator();
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
          throw new UnsupportedOperationException("not peeked");
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public long approximateNumEntries() {
      return partitions.stream().mapToLong(Map::size).sum();
    }
  }
}

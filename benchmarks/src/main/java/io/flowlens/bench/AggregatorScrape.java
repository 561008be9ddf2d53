package io.flowlens.bench;

import static io.flowlens.bench.ScrapeTiming.median;
import static io.flowlens.bench.ScrapeTiming.p99;

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
import io.flowlens.configuration.HttpConfig;
import io.flowlens.configuration.MetricsConfig;
import io.flowlens.http.HttpServer;
import io.flowlens.http.MetricsRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The /metrics scrape of the flow metrics, without Kafka: a series store (values serialised, each read
 * deserialised, as in Kafka Streams' stores) holding every shipped
 * aggregation at its cap (talkers 10,000 series by default), a given share of the series with counts in
 * every slot of its ring up to the last completed boundary (every rolling window full; the others have
 * counters only, like series whose traffic is all in the current slot), scraped 20 times after 5 of
 * warm-up. Prints the median and p99 of the collector alone and of collector + Prometheus text in this
 * thread, then of whole HTTP GET /metrics responses from the real {@link HttpServer} over loopback (text
 * format, text format gzipped, and what Prometheus asks for: OpenMetrics gzipped), with the CPU time
 * of the server's threads. Arguments: {@code [talkers [percent of series with full windows, default
 * 100]]}. Run with benchmarks/aggregator-scrape.sh.
 */
public final class AggregatorScrape {
  private static final int SCRAPES = 20;
  private static final int WARM_UP = 5;
  /** What Prometheus 2.x asks for (scrape.go's acceptHeader); it also asks for gzip. */
  private static final String PROMETHEUS_ACCEPT = "application/openmetrics-text;version=1.0.0,"
      + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

  private AggregatorScrape() {}

  public static void main(String[] args) throws Exception {
    int talkers = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int windowed = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    AggregatorConfig config = new ConfigLoader(Map.of()).parse("{}", AggregatorConfig.class, "scrape");
    Instant now = Instant.parse("2024-05-01T10:00:05Z");
    List<AggregationSpec> specs = AggregationSpec.resolve(config);
    NavigableMap<Bytes, byte[]> store = new TreeMap<>();
    Serializer<SeriesState> values = SeriesState.serde().serializer();
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
        for (long start = boundary - largest; i % 100 < windowed && start < boundary; start += ring.hopMs()) {
          ring.add(s.windows(), start, 1000L * i + 1, 10, 1);
        }
        store.put(Bytes.wrap(codec.encode(spec, flow, spec.interfaces() ? SeriesKeyCodec.Side.IN : null)),
            values.serialize("", s));
      }
    }
    FlowMetricsCollector collector = new FlowMetricsCollector(config, new MetricsConfig(),
        new SeriesStores(() -> new MapStore(store)), Clock.fixed(now, ZoneOffset.UTC));
    System.out.printf("%,d series (%,d talkers), %d%% of them with flows in every slot of their ring%n", store.size(),
        talkers, windowed);
    inProcess(collector);
    PrometheusMeterRegistry registry = MetricsRegistry.create();
    registry.getPrometheusRegistry().register(collector);
    try (HttpServer server = new HttpServer(HttpConfig.onPort(0), registry, List.of(), List.of())) {
      server.start();
      URI uri = URI.create("http://127.0.0.1:" + server.port() + "/metrics");
      HttpClient client = HttpClient.newHttpClient();
      http(client, uri, "text format", "text/plain;version=0.0.4", null);
      http(client, uri, "text format, gzip", "text/plain;version=0.0.4", "gzip");
      http(client, uri, "Prometheus 2.x request (OpenMetrics, gzip)", PROMETHEUS_ACCEPT, "gzip");
    }
  }

  /** The collector alone, then with the text format written to memory, in this thread. */
  private static void inProcess(FlowMetricsCollector collector) throws IOException {
    ScrapeTiming t = ScrapeTiming.inProcess(collector::collect, WARM_UP, SCRAPES);
    System.out.printf("in process, %,d lines, %d scrapes: collect median %.1f ms p99 %.1f ms; collect + text median %.1f ms"
        + " p99 %.1f ms (CPU time median %.1f ms)%n", t.lines(), SCRAPES, median(t.collectMs()), p99(t.collectMs()),
        median(t.textMs()), p99(t.textMs()), median(t.cpuMs()));
  }

  /**
   * GET /metrics from the real HTTP server, as a scraper does: the time until the last byte of the body
   * is read, and the CPU time the server's threads spent on it (the client's own is not counted).
   */
  private static void http(HttpClient client, URI uri, String what, String accept, String encoding) throws Exception {
    double[] wall = new double[SCRAPES];
    double[] cpu = new double[SCRAPES];
    long size = 0;
    String type = "";
    for (int i = -WARM_UP; i < SCRAPES; i++) {
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", accept);
      if (encoding != null) {
        request.header("Accept-Encoding", encoding);
      }
      long c0 = serverCpuNanos();
      long t0 = System.nanoTime();
      HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      long t1 = System.nanoTime();
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET /metrics: " + response.statusCode());
      }
      if (i >= 0) {
        wall[i] = (t1 - t0) / 1e6;
        cpu[i] = (serverCpuNanos() - c0) / 1e6;
        size = response.body().length;
        type = response.headers().firstValue("Content-Type").orElse("") + " "
            + response.headers().firstValue("Content-Encoding").orElse("identity");
      }
    }
    System.out.printf("HTTP GET /metrics, %s: %,d bytes (%s), %d scrapes: median %.1f ms p99 %.1f ms"
        + " (CPU time of the server threads median %.1f ms p99 %.1f ms)%n", what, size, type, SCRAPES, median(wall),
        p99(wall), median(cpu), p99(cpu));
  }

  /** CPU time of the HTTP server's request threads (Jetty's pool under Javalin). */
  private static long serverCpuNanos() {
    return ScrapeTiming.threadCpuNanos(name -> name.startsWith("JettyServerThreadPool"));
  }

  /**
   * A read-only key-value store over a sorted map of serialised values, each read deserialised with the
   * store's serde as Kafka Streams' metered store does: what the collector reads through interactive queries.
   */
  private static final class MapStore implements ReadOnlyKeyValueStore<Bytes, SeriesState> {
    private static final Deserializer<SeriesState> VALUES = SeriesState.serde().deserializer();

    private final NavigableMap<Bytes, byte[]> map;

    MapStore(NavigableMap<Bytes, byte[]> map) {
      this.map = map;
    }

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
      return iterator(map);
    }

    @Override
    public long approximateNumEntries() {
      return map.size();
    }

    private static KeyValueIterator<Bytes, SeriesState> iterator(NavigableMap<Bytes, byte[]> m) {
      Iterator<Map.Entry<Bytes, byte[]>> it = m.entrySet().iterator();
      return new KeyValueIterator<>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public KeyValue<Bytes, SeriesState> next() {
          Map.Entry<Bytes, byte[]> e = it.next();
          return new KeyValue<>(e.getKey(), VALUES.deserialize("", e.getValue()));
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

package io.flowlens.aggregator.http;

import io.flowlens.aggregator.AggregatorConfig;
import io.flowlens.aggregator.window.AggregationSpec;
import io.flowlens.aggregator.window.SeriesKeyCodec;
import io.flowlens.aggregator.window.WindowRing;
import io.flowlens.configuration.Durations;
import io.flowlens.http.HttpRoutes;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.stream.Collectors;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * {@code GET /api/top?aggregation=talkers&window=5m&n=10}: the {@code n} series (default 10, at most
 * 1000) with the most bytes in the rolling window of that size ending at the last completed hop
 * boundary ({@link LastWindow}), heaviest first, as JSON ({@code bps}: bytes x 8 / the window size). An
 * unknown aggregation, a window the aggregation does not keep or a bad {@code n} is answered 400 with
 * the reason and the valid values; 503 while Kafka Streams rebalances.
 */
public final class TopRoute implements HttpRoutes {
  private final List<AggregationSpec> specs;
  private final List<WindowRing> rings;
  private final SeriesStores stores;
  private final Clock clock;

  public TopRoute(AggregatorConfig config, SeriesStores stores, Clock clock) {
    this.specs = AggregationSpec.resolve(config);
    this.rings = WindowRing.of(specs, config.grace());
    this.stores = stores;
    this.clock = clock;
  }

  @Override
  public void addTo(Javalin app) {
    app.get("/api/top", this::top);
  }

  private void top(Context ctx) {
    String name = ctx.queryParam("aggregation");
    AggregationSpec spec = specs.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    if (spec == null) {
      badRequest(ctx, "unknown aggregation '" + name + "'; valid: "
          + specs.stream().map(AggregationSpec::name).collect(Collectors.joining(", ")));
      return;
    }
    String validWindows = spec.windows().stream().map(AggregatorConfig::windowLabel).collect(Collectors.joining(", "));
    Duration window;
    try {
      window = Durations.parse(String.valueOf(ctx.queryParam("window")));
    } catch (IllegalArgumentException e) {
      badRequest(ctx, "unknown window '" + ctx.queryParam("window") + "'; valid for " + name + ": " + validWindows);
      return;
    }
    if (!spec.windows().contains(window)) {
      badRequest(ctx, "unknown window '" + ctx.queryParam("window") + "'; valid for " + name + ": " + validWindows);
      return;
    }
    int n;
    try {
      n = ctx.queryParam("n") == null ? 10 : Integer.parseInt(ctx.queryParam("n"));
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 1 || n > 1000) {
      badRequest(ctx, "n must be a whole number 1..1000");
      return;
    }
    WindowRing ring = rings.get(spec.index());
    LastWindow last = LastWindow.at(clock.millis(), window, ring);
    int w = spec.windows().indexOf(window);
    long[] sums = new long[3 * spec.windows().size()];
    Map<Bytes, long[]> rows = new HashMap<>();
    try {
      stores.forEachSeries(spec.index(), (key, state) -> {
        ring.sum(ring.fit(state).windows(), last.endMs(), sums);
        if (sums[3 * w + 2] != 0) {
          long[] v = rows.computeIfAbsent(Bytes.wrap(key), k -> new long[3]);
          v[0] += sums[3 * w];
          v[1] += sums[3 * w + 1];
          v[2] += sums[3 * w + 2];
        }
      });
    } catch (InvalidStateStoreException e) {
      ctx.status(HttpStatus.SERVICE_UNAVAILABLE).json(Map.of("error", "the stores are not queryable yet: " + e.getMessage()));
      return;
    }
    PriorityQueue<Map.Entry<Bytes, long[]>> heaviest = new PriorityQueue<>(Comparator.comparingLong(e -> e.getValue()[0]));
    for (Map.Entry<Bytes, long[]> row : rows.entrySet()) {
      heaviest.add(row);
      if (heaviest.size() > n) {
        heaviest.poll();
      }
    }
    List<Map.Entry<Bytes, long[]>> sorted = new ArrayList<>(heaviest);
    sorted.sort(Comparator.comparingLong((Map.Entry<Bytes, long[]> e) -> e.getValue()[0]).reversed());
    double seconds = window.toMillis() / 1000.0;
    List<Map<String, Object>> series = new ArrayList<>();
    for (Map.Entry<Bytes, long[]> row : sorted) {
      String[] values = SeriesKeyCodec.labels(spec, row.getKey().get());
      Map<String, String> labels = new LinkedHashMap<>();
      for (int i = 0; i < values.length; i++) {
        labels.put(spec.dimensions().get(i).label(), values[i]);
      }
      long[] c = row.getValue();
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("labels", labels);
      s.put("bytes", c[0]);
      s.put("packets", c[1]);
      s.put("flows", c[2]);
      s.put("bps", c[0] * 8 / seconds);
      series.add(s);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("aggregation", spec.name());
    body.put("window", AggregatorConfig.windowLabel(window));
    body.put("window_start", Instant.ofEpochMilli(last.startMs()).toString());
    body.put("window_end", Instant.ofEpochMilli(last.endMs()).toString());
    body.put("series", series);
    ctx.json(body);
  }

  private static void badRequest(Context ctx, String message) {
    ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", message));
  }
}

package io.flowlens.aggregator.topology;

import io.flowlens.aggregator.AggregatorConfig;
import io.flowlens.aggregator.window.AggregationSpec;
import io.flowlens.aggregator.window.Counts;
import io.flowlens.aggregator.window.Delta;
import io.flowlens.aggregator.window.SeriesKeyCodec;
import io.flowlens.aggregator.window.Totals;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The second stage, after the repartition by series: each series lives in exactly one task. Adds
 * every delta to the series' cumulative {@link Totals} and to its {@link Counts} in each window the
 * aggregation keeps, and keeps each aggregation within its cap.
 *
 * <p>Caps, per task: an aggregation may hold {@code ceil(max_series / partitions)} series in a task
 * (the tasks split the series space evenly, so the whole aggregation stays within {@code max_series}
 * plus one {@code __other__} series per task, which the scrape sums). A new series beyond the cap is
 * counted in {@code __other__} and remembered as a candidate with the bytes it brought. Every
 * maintenance pass (wall clock) removes series idle for {@code series_idle_expiry}, fills free slots
 * with the heaviest candidates, then swaps the heaviest candidates against the lightest residents
 * (weight: bytes since the previous pass) while a candidate is heavier; a resident that leaves moves
 * its totals into {@code __other__}, so the aggregation's sum never decreases. An admitted candidate
 * starts from zero: what it sent before is already in {@code __other__}. Idle series are removed
 * without folding: a series with no traffic has no rate, and adding its lifetime total to
 * {@code __other__} would show as a burst there.
 */
final class SeriesAggregation implements Processor<Bytes, Delta, Void, Void> {
  private static final BytesSerializer PREFIX = new BytesSerializer();

  private final List<AggregationSpec> specs;
  private final List<Duration> windows;
  private final long graceMs;
  private final long idleExpiryMs;
  private final Duration maintenanceInterval;
  private final int partitions;
  private final TopologyMetrics metrics;
  private ProcessorContext<Void, Void> context;
  private KeyValueStore<Bytes, Totals> totals;
  private final Map<Duration, WindowStore<Bytes, Counts>> windowStores = new HashMap<>();
  private long[] residents;
  private List<Map<Bytes, long[]>> candidates;
  private long streamTimeMs = Long.MIN_VALUE;

  SeriesAggregation(List<AggregationSpec> specs, AggregatorConfig config, int partitions, TopologyMetrics metrics) {
    this.specs = specs;
    this.windows = AggregationSpec.allWindows(specs);
    this.graceMs = config.grace().toMillis();
    this.idleExpiryMs = config.seriesIdleExpiry().toMillis();
    this.maintenanceInterval = config.maintenanceInterval();
    this.partitions = partitions;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.context = context;
    totals = context.getStateStore(FlowTopology.TOTALS_STORE);
    for (Duration w : windows) {
      windowStores.put(w, context.getStateStore(FlowTopology.windowStoreName(w)));
    }
    residents = new long[specs.size()];
    candidates = new ArrayList<>();
    for (AggregationSpec spec : specs) {
      candidates.add(new HashMap<>());
      // Restored from the changelog before init: count what this task already holds.
      try (KeyValueIterator<Bytes, Totals> it = totals.prefixScan(Bytes.wrap(new byte[] {(byte) spec.index()}), PREFIX)) {
        while (it.hasNext()) {
          if (!SeriesKeyCodec.isOther(it.next().key.get())) {
            residents[spec.index()]++;
          }
        }
      }
    }
    context.schedule(maintenanceInterval, PunctuationType.WALL_CLOCK_TIME, this::maintain);
  }

  /** The series an aggregation may hold in one task. */
  int capPerTask(AggregationSpec spec) {
    return (int) Math.max(1, (spec.maxSeries() + (long) partitions - 1) / partitions);
  }

  @Override
  public void process(Record<Bytes, Delta> record) {
    Delta d = record.value();
    byte[] key = record.key().get();
    AggregationSpec spec = specs.get(SeriesKeyCodec.aggregation(key));
    long now = context.currentSystemTimeMs();
    Bytes target = record.key();
    Totals current = totals.get(target);
    if (current == null && !SeriesKeyCodec.isOther(key)) {
      if (residents[spec.index()] >= capPerTask(spec)) {
        remember(spec, target, d.bytes());
        target = Bytes.wrap(SeriesKeyCodec.other(spec));
        current = totals.get(target);
      } else {
        residents[spec.index()]++;
      }
    }
    Totals base = current == null ? new Totals(0, 0, 0, now, 0) : current;
    totals.put(target, base.add(d.bytes(), d.packets(), d.flows(), now));

    streamTimeMs = Math.max(streamTimeMs, d.bucketStartMs());
    for (Duration w : spec.windows()) {
      long size = w.toMillis();
      long start = Math.floorDiv(d.bucketStartMs(), size) * size;
      if (start + size + graceMs <= streamTimeMs) {
        metrics.lateWindowUpdate(AggregatorConfig.windowLabel(w));
        continue;
      }
      WindowStore<Bytes, Counts> store = windowStores.get(w);
      Counts c = store.fetch(target, start);
      store.put(target, (c == null ? Counts.ZERO : c).plus(d.bytes(), d.packets(), d.flows()), start);
    }
    metrics.latency(now - d.earliestReceivedMs());
  }

  private void remember(AggregationSpec spec, Bytes key, long bytes) {
    Map<Bytes, long[]> c = candidates.get(spec.index());
    long[] weight = c.get(key);
    if (weight != null) {
      weight[0] += bytes;
    } else if (c.size() < Math.max(16, capPerTask(spec) / 10)) {
      c.put(key, new long[] {bytes});
    }
  }

  private void maintain(long now) {
    for (AggregationSpec spec : specs) {
      maintain(spec, now);
    }
  }

  private void maintain(AggregationSpec spec, long now) {
    Bytes otherKey = Bytes.wrap(SeriesKeyCodec.other(spec));
    List<KeyValue<Bytes, Totals>> kept = new ArrayList<>();
    long expired = 0;
    try (KeyValueIterator<Bytes, Totals> it = totals.prefixScan(Bytes.wrap(new byte[] {(byte) spec.index()}), PREFIX)) {
      while (it.hasNext()) {
        KeyValue<Bytes, Totals> kv = it.next();
        if (kv.value.lastSeenMs() + idleExpiryMs <= now) {
          kept.add(new KeyValue<>(kv.key, null));
        } else if (!SeriesKeyCodec.isOther(kv.key.get())) {
          kept.add(kv);
        }
      }
    }
    List<KeyValue<Bytes, Totals>> residentsNow = new ArrayList<>();
    for (KeyValue<Bytes, Totals> kv : kept) {
      if (kv.value == null) {
        totals.delete(kv.key);
        if (!SeriesKeyCodec.isOther(kv.key.get())) {
          expired++;
        }
      } else {
        residentsNow.add(kv);
      }
    }
    residents[spec.index()] = residentsNow.size();
    if (expired > 0) {
      metrics.expired(spec.name(), expired);
    }

    List<Map.Entry<Bytes, long[]>> waiting = new ArrayList<>(candidates.get(spec.index()).entrySet());
    waiting.sort(Comparator.comparingLong((Map.Entry<Bytes, long[]> e) -> e.getValue()[0]).reversed());
    residentsNow.sort(Comparator.comparingLong(kv -> kv.value.recentBytes()));
    int cap = capPerTask(spec);
    int next = 0;
    while (next < waiting.size() && residents[spec.index()] < cap) {
      totals.put(waiting.get(next++).getKey(), new Totals(0, 0, 0, now, 0));
      residents[spec.index()]++;
    }
    int lightest = 0;
    long folded = 0;
    Totals other = totals.get(otherKey);
    while (next < waiting.size() && lightest < residentsNow.size()
        && waiting.get(next).getValue()[0] > residentsNow.get(lightest).value.recentBytes()) {
      KeyValue<Bytes, Totals> leaving = residentsNow.get(lightest);
      other = other == null ? leaving.value : other.absorb(leaving.value, now);
      totals.delete(leaving.key);
      residentsNow.set(lightest++, null);
      totals.put(waiting.get(next++).getKey(), new Totals(0, 0, 0, now, 0));
      folded++;
    }
    if (other != null && folded > 0) {
      totals.put(otherKey, other);
      metrics.folded(spec.name(), folded);
    }
    for (KeyValue<Bytes, Totals> kv : residentsNow) {
      if (kv != null && kv.value.recentBytes() != 0) {
        totals.put(kv.key, kv.value.withoutRecent());
      }
    }
    candidates.get(spec.index()).clear();
  }
}

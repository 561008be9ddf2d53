package io.flowlens.aggregator.topology;

import io.flowlens.aggregator.AggregatorConfig;
import io.flowlens.aggregator.window.AggregationSpec;
import io.flowlens.aggregator.window.Delta;
import io.flowlens.aggregator.window.DeltaBatch;
import io.flowlens.aggregator.window.SeriesKeyCodec;
import io.flowlens.aggregator.window.SeriesState;
import io.flowlens.aggregator.window.WindowRing;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The second stage, after the repartition by series: each series lives in exactly one task. Adds
 * every delta of a {@link DeltaBatch} to the series' {@link SeriesState} (cumulative counters and the
 * slot of its time in the ring from which the rolling windows are summed: one store read and one write
 * per series and batch), and keeps
 * each aggregation within its cap. A delta for a slot whose end plus the grace is before stream time,
 * or older than the ring, counts in the totals only ({@code flow_aggregator_late_window_updates_total},
 * once per window size it misses). The keys of the series each task holds are also kept in memory, so that a flow of a series
 * beyond the cap goes to {@code __other__} without a store read that would miss.
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
final class SeriesAggregation implements Processor<Bytes, DeltaBatch, Void, Void> {
  private static final BytesSerializer PREFIX = new BytesSerializer();

  private final List<AggregationSpec> specs;
  private final List<WindowRing> rings;
  private final long graceMs;
  private final long idleExpiryMs;
  private final Duration maintenanceInterval;
  private final int partitions;
  private final TopologyMetrics metrics;
  private ProcessorContext<Void, Void> context;
  private KeyValueStore<Bytes, SeriesState> series;
  private final List<Set<Bytes>> residents = new ArrayList<>();
  private final List<Map<Bytes, long[]>> candidates = new ArrayList<>();
  private final List<Counter> counted = new ArrayList<>();
  /** The series a batch changed, written to the store once at the end of the batch. */
  private final Map<Bytes, SeriesState> pending = new HashMap<>();
  private final long[] flowsCounted;
  private long streamTimeMs = Long.MIN_VALUE;

  SeriesAggregation(List<AggregationSpec> specs, AggregatorConfig config, int partitions, TopologyMetrics metrics) {
    this.specs = specs;
    this.graceMs = config.grace().toMillis();
    this.idleExpiryMs = config.seriesIdleExpiry().toMillis();
    this.maintenanceInterval = config.maintenanceInterval();
    this.partitions = partitions;
    this.metrics = metrics;
    this.rings = WindowRing.of(specs, config.grace());
    for (AggregationSpec spec : specs) {
      counted.add(metrics.counted(spec.name()));
    }
    flowsCounted = new long[specs.size()];
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.context = context;
    series = context.getStateStore(FlowTopology.SERIES_STORE);
    // Also called again on the same instance when Kafka Streams revives a task after a dirty close: what
    // the aborted attempt held in memory (residents, candidates, a half-applied batch) is forgotten and
    // rebuilt from the restored store.
    residents.clear();
    candidates.clear();
    pending.clear();
    Arrays.fill(flowsCounted, 0);
    streamTimeMs = Long.MIN_VALUE;
    for (AggregationSpec spec : specs) {
      candidates.add(new HashMap<>());
      Set<Bytes> held = new HashSet<>();
      // Restored from the changelog before init: the series this task already holds.
      try (KeyValueIterator<Bytes, SeriesState> it = series.prefixScan(prefix(spec), PREFIX)) {
        while (it.hasNext()) {
          Bytes key = it.next().key;
          if (!SeriesKeyCodec.isOther(key.get())) {
            held.add(key);
          }
        }
      }
      residents.add(held);
    }
    context.schedule(maintenanceInterval, PunctuationType.WALL_CLOCK_TIME, this::maintain);
  }

  /** The series an aggregation may hold in one task. */
  int capPerTask(AggregationSpec spec) {
    return (int) Math.max(1, (spec.maxSeries() + (long) partitions - 1) / partitions);
  }

  @Override
  public void process(Record<Bytes, DeltaBatch> record) {
    long now = context.currentSystemTimeMs();
    record.value().forEach((key, delta) -> add(key, delta, now));
    // One write per series of the batch: __other__ takes most deltas of a flood, and each write
    // serialises the whole state into the record cache.
    for (Map.Entry<Bytes, SeriesState> e : pending.entrySet()) {
      series.put(e.getKey(), e.getValue());
    }
    pending.clear();
    for (int i = 0; i < flowsCounted.length; i++) {
      if (flowsCounted[i] != 0) {
        counted.get(i).increment(flowsCounted[i]);
        flowsCounted[i] = 0;
      }
    }
  }

  private void add(byte[] key, Delta d, long now) {
    int index = SeriesKeyCodec.aggregation(key);
    if (index >= specs.size()) {
      // Sent before a restart with an aggregation removed from the configuration: nothing holds it now.
      return;
    }
    AggregationSpec spec = specs.get(index);
    Bytes target = Bytes.wrap(key);
    if (!SeriesKeyCodec.isOther(key)) {
      Set<Bytes> held = residents.get(spec.index());
      if (!held.contains(target)) {
        if (held.size() >= capPerTask(spec)) {
          remember(spec, target, d.bytes());
          target = Bytes.wrap(SeriesKeyCodec.other(spec));
        } else {
          held.add(target);
        }
      }
    }
    WindowRing r = rings.get(spec.index());
    SeriesState next = pending.get(target);
    if (next == null) {
      SeriesState current = series.get(target);
      // add copies the ring: from here on this batch owns the copy and adds to it in place.
      next = (current == null ? SeriesState.empty(r.longs(), now) : r.fit(current))
          .add(d.bytes(), d.packets(), d.flows(), now);
    } else {
      next = next.addSharingRing(d.bytes(), d.packets(), d.flows(), now);
    }

    long slot = r.slotStart(d.bucketStartMs());
    streamTimeMs = Math.max(streamTimeMs, slot);
    if (slot + r.hopMs() + graceMs <= streamTimeMs
        || !r.add(next.windows(), slot, d.bytes(), d.packets(), d.flows())) {
      for (Duration w : r.windows()) {
        metrics.lateWindowUpdate(AggregatorConfig.windowLabel(w));
      }
    }
    pending.put(target, next);
    flowsCounted[spec.index()] += d.flows();
    metrics.latency(now - d.earliestReceivedMs());
  }

  private static Bytes prefix(AggregationSpec spec) {
    return Bytes.wrap(new byte[] {(byte) spec.index()});
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
    Set<Bytes> held = residents.get(spec.index());
    WindowRing r = rings.get(spec.index());
    List<KeyValue<Bytes, SeriesState>> kept = new ArrayList<>();
    long expired = 0;
    try (KeyValueIterator<Bytes, SeriesState> it = series.prefixScan(prefix(spec), PREFIX)) {
      while (it.hasNext()) {
        KeyValue<Bytes, SeriesState> kv = it.next();
        if (kv.value.lastSeenMs() + idleExpiryMs <= now) {
          kept.add(new KeyValue<>(kv.key, null));
        } else if (!SeriesKeyCodec.isOther(kv.key.get())) {
          kept.add(kv);
        }
      }
    }
    List<KeyValue<Bytes, SeriesState>> residentsNow = new ArrayList<>();
    for (KeyValue<Bytes, SeriesState> kv : kept) {
      if (kv.value == null) {
        series.delete(kv.key);
        if (!SeriesKeyCodec.isOther(kv.key.get())) {
          held.remove(kv.key);
          expired++;
        }
      } else {
        residentsNow.add(kv);
      }
    }
    if (expired > 0) {
      metrics.expired(spec.name(), expired);
    }

    List<Map.Entry<Bytes, long[]>> waiting = new ArrayList<>(candidates.get(spec.index()).entrySet());
    waiting.sort(Comparator.comparingLong((Map.Entry<Bytes, long[]> e) -> e.getValue()[0]).reversed());
    residentsNow.sort(Comparator.comparingLong(kv -> kv.value.recentBytes()));
    int cap = capPerTask(spec);
    int next = 0;
    while (next < waiting.size() && held.size() < cap) {
      admit(waiting.get(next++).getKey(), held, r, now);
    }
    int lightest = 0;
    long folded = 0;
    SeriesState other = series.get(otherKey);
    other = other == null ? null : r.fit(other);
    while (next < waiting.size() && lightest < residentsNow.size()
        && waiting.get(next).getValue()[0] > residentsNow.get(lightest).value.recentBytes()) {
      KeyValue<Bytes, SeriesState> leaving = residentsNow.get(lightest);
      SeriesState gone = r.fit(leaving.value);
      other = other == null ? gone : other.absorb(gone, now);
      series.delete(leaving.key);
      held.remove(leaving.key);
      residentsNow.set(lightest++, null);
      admit(waiting.get(next++).getKey(), held, r, now);
      folded++;
    }
    if (other != null && folded > 0) {
      series.put(otherKey, other);
      metrics.folded(spec.name(), folded);
    }
    for (KeyValue<Bytes, SeriesState> kv : residentsNow) {
      if (kv != null && kv.value.recentBytes() != 0) {
        series.put(kv.key, kv.value.withoutRecent());
      }
    }
    candidates.get(spec.index()).clear();
  }

  private void admit(Bytes key, Set<Bytes> held, WindowRing r, long now) {
    series.put(key, SeriesState.empty(r.longs(), now));
    held.add(key);
  }
}

package io.flowlens.aggregator.topology;

import io.flowlens.aggregator.window.AggregationSpec;
import io.flowlens.aggregator.window.Delta;
import io.flowlens.aggregator.window.NormalizedFlow;
import io.flowlens.aggregator.window.SeriesKeyCodec;
import io.flowlens.schema.FlowRecord;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The first stage: cleans, normalises and enriches each flow, turns it into one {@link Delta} per
 * aggregation (two for the interfaces aggregation: in and out) keyed by series, and, when the combiner
 * is on, sums the deltas of each (series, time bucket) before they cross the repartition topic.
 *
 * <p>The combiner sums into the {@link FlowTopology#COMBINER_STORE} store, which is logged and cached,
 * and forwards and empties it on a wall-clock punctuation. Logging is what makes it exactly-once: a
 * commit that falls between two punctuations commits the partial sums in the store's changelog in the
 * same transaction as the input offsets, so a crash restores them instead of losing them. The cache
 * keeps that changelog to one write per series and commit.
 */
final class SeriesCombiner implements Processor<byte[], FlowRecord, Bytes, Delta> {
  private final FlowCleaner cleaner;
  private final List<AggregationSpec> specs;
  private final long bucketMs;
  private final Duration flushInterval;
  private final boolean combine;
  private final TopologyMetrics metrics;
  private final SeriesKeyCodec codec = new SeriesKeyCodec();
  private ProcessorContext<Bytes, Delta> context;
  private KeyValueStore<Bytes, Delta> combiner;

  SeriesCombiner(FlowCleaner cleaner, List<AggregationSpec> specs, long bucketMs, Duration flushInterval,
      boolean combine, TopologyMetrics metrics) {
    this.cleaner = cleaner;
    this.specs = specs;
    this.bucketMs = bucketMs;
    this.flushInterval = flushInterval;
    this.combine = combine;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<Bytes, Delta> context) {
    this.context = context;
    if (combine) {
      combiner = context.getStateStore(FlowTopology.COMBINER_STORE);
      context.schedule(flushInterval, PunctuationType.WALL_CLOCK_TIME, now -> flush());
    }
  }

  @Override
  public void process(Record<byte[], FlowRecord> record) {
    FlowRecord r = record.value();
    if (r == null) {
      metrics.dropped(DropReason.UNDECODABLE);
      return;
    }
    DropReason reason = cleaner.check(r);
    if (reason != null) {
      metrics.dropped(reason);
      return;
    }
    NormalizedFlow flow = cleaner.normalize(r);
    long bucket = Math.floorDiv(flow.timeMs(), bucketMs) * bucketMs;
    Delta delta = new Delta(bucket, flow.receivedMs(), flow.bytes(), flow.packets(), 1);
    for (AggregationSpec spec : specs) {
      if (spec.interfaces()) {
        emit(codec.encode(spec, flow, SeriesKeyCodec.Side.IN), delta);
        emit(codec.encode(spec, flow, SeriesKeyCodec.Side.OUT), delta);
      } else {
        emit(codec.encode(spec, flow, null), delta);
      }
    }
    metrics.processed();
  }

  private void emit(byte[] series, Delta delta) {
    if (!combine) {
      context.forward(new Record<>(Bytes.wrap(series), delta, delta.bucketStartMs()));
      return;
    }
    Bytes key = Bytes.wrap(ByteBuffer.allocate(series.length + 8).put(series).putLong(delta.bucketStartMs()).array());
    Delta sum = combiner.get(key);
    combiner.put(key, sum == null ? delta : sum.plus(delta));
  }

  /** Forwards every partial sum, keyed by series only (the bucket is in the value), and empties the store. */
  private void flush() {
    List<KeyValue<Bytes, Delta>> sums = new ArrayList<>();
    try (KeyValueIterator<Bytes, Delta> all = combiner.all()) {
      all.forEachRemaining(sums::add);
    }
    for (KeyValue<Bytes, Delta> sum : sums) {
      byte[] k = sum.key.get();
      combiner.delete(sum.key);
      context.forward(new Record<>(Bytes.wrap(Arrays.copyOf(k, k.length - 8)), sum.value, sum.value.bucketStartMs()));
    }
  }
}

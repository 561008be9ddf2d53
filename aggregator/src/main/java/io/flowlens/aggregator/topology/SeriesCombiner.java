package io.flowlens.aggregator.topology;

import io.flowlens.aggregator.window.AggregationSpec;
import io.flowlens.aggregator.window.Delta;
import io.flowlens.aggregator.window.NormalizedFlow;
import io.flowlens.aggregator.window.SeriesKeyCodec;
import io.flowlens.schema.FlowRecord;
import io.flowlens.schema.FlowRecordDeserializer;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The first stage: cleans, normalises and enriches each flow, turns it into one {@link Delta} per
 * aggregation (two for the interfaces aggregation: in and out) keyed by series, and, when the combiner
 * is on, sums the deltas of each (series, time bucket) before they cross the repartition topic.
 *
 * <p>The combiner is a plain hash map of this task (no state store access per flow: the record cache's
 * sorted map was most of the aggregator's time), forwarded and emptied by a wall-clock punctuation.
 * Kafka Streams commits on its own schedule, so a commit can fall between two flushes: it then commits
 * the input offsets of flows whose sums are still only in memory. Exactly-once holds through a
 * <em>flush mark</em>: each flush writes, to the logged store {@link FlowTopology#COMBINER_MARKS_STORE}
 * and so in the same transaction as the forwarded sums, the offset of the last input record those sums
 * include. When a task starts (after a crash, or on a new owner after a rebalance), its first record's
 * offset is where the committed offsets resume; every record between the mark and that offset was
 * counted only in a lost map, so it is read again ({@link InputReplay}) into the new map before
 * processing goes on. A record is thus in exactly one committed flush: those up to the mark are in
 * committed output; those after the mark are in the (replayed or live) map, flushed later together
 * with a mark that covers them; an aborted transaction takes its output and its mark with it.
 */
final class SeriesCombiner implements Processor<byte[], FlowRecord, Bytes, Delta> {
  /**
   * Partial sums held before an early flush (about 150 bytes each): under a flood of distinct series the
   * map would otherwise grow with the flow rate times the flush interval instead of staying bounded.
   */
  static final int MAX_SUMS = 50_000;

  private final FlowCleaner cleaner;
  private final List<AggregationSpec> specs;
  private final long bucketMs;
  private final Duration flushInterval;
  private final boolean combine;
  private final TopologyMetrics metrics;
  private final InputReplay replay;
  private final SeriesKeyCodec codec = new SeriesKeyCodec();
  private final Map<Bytes, long[]> sums = new HashMap<>();
  private ProcessorContext<Bytes, Delta> context;
  private KeyValueStore<String, Long> marks;
  private String markKey;
  private long lastOffset = -1;
  private long flushedOffset = -1;

  SeriesCombiner(FlowCleaner cleaner, List<AggregationSpec> specs, long bucketMs, Duration flushInterval,
      boolean combine, TopologyMetrics metrics, InputReplay replay) {
    this.cleaner = cleaner;
    this.specs = specs;
    this.bucketMs = bucketMs;
    this.flushInterval = flushInterval;
    this.combine = combine;
    this.metrics = metrics;
    this.replay = replay;
  }

  @Override
  public void init(ProcessorContext<Bytes, Delta> context) {
    this.context = context;
    if (combine) {
      marks = context.getStateStore(FlowTopology.COMBINER_MARKS_STORE);
      context.schedule(flushInterval, PunctuationType.WALL_CLOCK_TIME, now -> flush());
    }
  }

  @Override
  public void process(Record<byte[], FlowRecord> record) {
    if (combine) {
      RecordMetadata at = context.recordMetadata().orElseThrow();
      if (markKey == null) {
        start(at);
      }
      lastOffset = at.offset();
    }
    count(record.value());
    if (sums.size() >= MAX_SUMS) {
      // After the whole record is in the map: the mark written by the flush covers all of it.
      flush();
    }
  }

  /** The first record of this task: re-derives what the previous owner had summed but not flushed. */
  private void start(RecordMetadata first) {
    markKey = first.topic() + "-" + first.partition();
    Long mark = marks.get(markKey);
    if (mark == null) {
      // Nothing was ever flushed for this partition, and nothing before this record was processed (a
      // processed record's transaction also carries this put): the mark starts here.
      marks.put(markKey, first.offset() - 1);
      flushedOffset = first.offset() - 1;
      return;
    }
    flushedOffset = mark;
    if (mark + 1 < first.offset()) {
      FlowRecordDeserializer reader = new FlowRecordDeserializer();
      long[] replayed = new long[1];
      replay.replay(first.topic(), first.partition(), mark + 1, first.offset(), value -> {
        replayed[0]++;
        FlowRecord r;
        try {
          r = value == null ? null : reader.deserialize(first.topic(), value);
        } catch (SerializationException e) {
          // Counted as undecodable when it was first read; not again.
          return;
        }
        count(r);
      });
      metrics.replayed(replayed[0]);
    }
  }

  private void count(FlowRecord r) {
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
    for (AggregationSpec spec : specs) {
      if (spec.interfaces()) {
        emit(spec, flow, SeriesKeyCodec.Side.IN, bucket);
        emit(spec, flow, SeriesKeyCodec.Side.OUT, bucket);
      } else {
        emit(spec, flow, null, bucket);
      }
    }
    metrics.processed();
  }

  private void emit(AggregationSpec spec, NormalizedFlow flow, SeriesKeyCodec.Side side, long bucket) {
    if (!combine) {
      Delta delta = new Delta(bucket, flow.receivedMs(), flow.bytes(), flow.packets(), 1);
      context.forward(new Record<>(Bytes.wrap(codec.encode(spec, flow, side)), delta, bucket));
      return;
    }
    long[] sum = sums.computeIfAbsent(Bytes.wrap(codec.encodeWithBucket(spec, flow, side, bucket)),
        k -> new long[] {Long.MAX_VALUE, 0, 0, 0});
    sum[0] = Math.min(sum[0], flow.receivedMs());
    sum[1] += flow.bytes();
    sum[2] += flow.packets();
    sum[3]++;
  }

  /** Forwards every partial sum, keyed by series only (the bucket is in the value), and moves the mark. */
  private void flush() {
    for (Map.Entry<Bytes, long[]> e : sums.entrySet()) {
      byte[] k = e.getKey().get();
      long bucket = SeriesKeyCodec.bucketOf(k);
      long[] s = e.getValue();
      context.forward(new Record<>(Bytes.wrap(Arrays.copyOf(k, k.length - 8)), new Delta(bucket, s[0], s[1], s[2], s[3]),
          bucket));
    }
    sums.clear();
    if (lastOffset > flushedOffset) {
      marks.put(markKey, lastOffset);
      flushedOffset = lastOffset;
    }
  }
}

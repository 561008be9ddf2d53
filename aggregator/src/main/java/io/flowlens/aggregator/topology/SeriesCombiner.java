package io.flowlens.aggregator.topology;

import io.flowlens.aggregator.window.AggregationSpec;
import io.flowlens.aggregator.window.Delta;
import io.flowlens.aggregator.window.DeltaBatch;
import io.flowlens.aggregator.window.NormalizedFlow;
import io.flowlens.aggregator.window.SeriesKeyCodec;
import io.flowlens.schema.FlowRecord;
import io.flowlens.schema.FlowRecordDeserializer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first stage: cleans, normalises and enriches each flow, turns it into one {@link Delta} per
 * aggregation (two for the interfaces aggregation: in and out) keyed by series, and, when the combiner
 * is on, sums the deltas of each (series, time bucket) before they cross the repartition topic. The
 * deltas travel in {@link DeltaBatch}es, one record per target partition and flush (the record's key is
 * the partition number, read by {@link #partitioner()}), so that the cost of a Kafka record is paid
 * per batch, not per series.
 *
 * <p>The combiner is plain memory of this task, one {@link PartialSums} table per aggregation (no state
 * store access per flow: the record cache's sorted map was most of the aggregator's time), forwarded and
 * emptied by a wall-clock punctuation. Kafka Streams commits on its own schedule (and when it closes or
 * moves a task), so a commit can fall between two flushes: it then commits the input offsets of flows
 * whose sums are still only in memory. Exactly-once holds through a <em>flush mark</em>: each flush
 * writes, to the logged store {@link FlowTopology#COMBINER_MARKS_STORE} and so in the same transaction
 * as the forwarded sums, the offset of the last input record those sums include. When a task starts
 * (after a crash or a stop, on a new owner after a rebalance, or revived after a dirty close), the
 * input resumes at the offset the application's consumer group committed; every record between the
 * mark and that offset was counted only in a lost map, so it is read again ({@link InputReplay}) into
 * the new map before the task processes anything, whether or not new flows ever arrive on its
 * partition. A record is thus in exactly one committed flush: those up to the mark are in committed
 * output; those after the mark are in the (replayed or live) map, flushed later together with a mark
 * that covers them; an aborted transaction takes its output and its mark with it.
 */
final class SeriesCombiner implements Processor<byte[], FlowRecord, Bytes, DeltaBatch> {
  private static final Logger LOG = LoggerFactory.getLogger(SeriesCombiner.class);
  /**
   * Partial sums held before an early flush (about 100 bytes each): under a flood of distinct series the
   * tables would otherwise grow with the flow rate times the flush interval instead of staying bounded.
   * Small enough for the tables to stay in a core's L2 cache: with 50,000 the lookups of every flow took
   * half as long again (cache misses), and sums that do not repeat within 16,384 gain nothing from waiting.
   */
  static final int MAX_SUMS = 16_384;
  /** A batch is sent once it holds this much (Kafka's default limit on a record is 1 MiB; a key is at most 64 KiB). */
  static final int MAX_BATCH_BYTES = 256 * 1024;

  private final String topic;
  private final FlowCleaner cleaner;
  private final List<AggregationSpec> specs;
  private final long bucketMs;
  private final Duration flushInterval;
  private final boolean combine;
  private final TopologyMetrics metrics;
  private final InputReplay replay;
  private final SeriesKeyCodec codec = new SeriesKeyCodec();
  private final PartialSums[] sums;
  private int sumsHeld;
  private final DeltaBatch.Writer[] batches;
  private final Bytes[] partitionKeys;
  private ProcessorContext<Bytes, DeltaBatch> context;
  private KeyValueStore<String, Long> marks;
  private String markKey;
  /** Whether the mark covers this task's input: false until the first record of a partition never flushed. */
  private boolean marked;
  private long lastOffset = -1;
  private long flushedOffset = -1;

  /** {@code topic}: the flow topic, the only input of this stage (task {@code 0_p} reads its partition p). */
  SeriesCombiner(String topic, FlowCleaner cleaner, List<AggregationSpec> specs, long bucketMs, int partitions,
      Duration flushInterval, boolean combine, TopologyMetrics metrics, InputReplay replay) {
    this.topic = topic;
    this.cleaner = cleaner;
    this.specs = specs;
    this.bucketMs = bucketMs;
    this.flushInterval = flushInterval;
    this.combine = combine;
    this.metrics = metrics;
    this.replay = replay;
    sums = new PartialSums[specs.size()];
    for (int i = 0; i < sums.length; i++) {
      sums[i] = new PartialSums();
    }
    batches = new DeltaBatch.Writer[partitions];
    partitionKeys = new Bytes[partitions];
    for (int p = 0; p < partitions; p++) {
      batches[p] = new DeltaBatch.Writer();
      partitionKeys[p] = Bytes.wrap(ByteBuffer.allocate(4).putInt(p).array());
    }
  }

  /** Sends each batch to the partition its key names. */
  static StreamPartitioner<Bytes, DeltaBatch> partitioner() {
    return (topic, key, batch, partitions) -> Optional.of(Set.of(ByteBuffer.wrap(key.get()).getInt() % partitions));
  }

  @Override
  public void init(ProcessorContext<Bytes, DeltaBatch> context) {
    this.context = context;
    // Kafka Streams calls init again on the same instance when it revives a task after closing it dirty
    // (exactly-once: its uncommitted output aborted, its stores restored, its input read again from the
    // last commit). Whatever this instance held belongs to the aborted attempt: it starts over as a new
    // one would, from the restored mark.
    for (PartialSums table : sums) {
      table.clear();
    }
    sumsHeld = 0;
    for (DeltaBatch.Writer batch : batches) {
      batch.clear();
    }
    marked = false;
    lastOffset = -1;
    flushedOffset = -1;
    if (combine) {
      marks = context.getStateStore(FlowTopology.COMBINER_MARKS_STORE);
      int partition = context.taskId().partition();
      markKey = topic + "-" + partition;
      resume(context.applicationId(), partition);
      context.schedule(flushInterval, PunctuationType.WALL_CLOCK_TIME, now -> flush());
    }
  }

  @Override
  public void process(Record<byte[], FlowRecord> record) {
    if (combine) {
      long offset = context.recordMetadata().orElseThrow().offset();
      if (!marked) {
        // Nothing was ever flushed for this partition, and nothing before this record was processed (a
        // processed record's transaction also carries this put): the mark starts here.
        marks.put(markKey, offset - 1);
        flushedOffset = offset - 1;
        marked = true;
      }
      lastOffset = offset;
    }
    count(record.value());
    if (sumsHeld >= MAX_SUMS) {
      // After the whole record is in the map: the mark written by the flush covers all of it.
      flush();
    }
  }

  /**
   * The start of this task: re-derives what the previous owner (or attempt) had summed but not flushed,
   * the input records from the restored mark up to where the group's committed offset resumes.
   */
  private void resume(String group, int partition) {
    Long mark = marks.get(markKey);
    if (mark == null) {
      return;
    }
    FlowRecordDeserializer reader = new FlowRecordDeserializer();
    long[] replayed = new long[1];
    long committed = replay.replayToCommitted(group, topic, partition, mark + 1, value -> {
      replayed[0]++;
      FlowRecord r;
      try {
        r = value == null ? null : reader.deserialize(topic, value);
      } catch (SerializationException e) {
        // Counted as undecodable when it was first read; not again.
        return;
      }
      count(r);
    });
    if (committed < 0) {
      // The group's offsets are gone (expired while no instance ran): the input restarts where
      // auto.offset.reset says, and the mark starts again at its first record.
      LOG.warn("{}: flushed up to offset {}, but group {} has no committed offset for it; the mark starts again at"
          + " the next record", markKey, mark, group);
      return;
    }
    flushedOffset = mark;
    lastOffset = Math.max(mark, committed - 1);
    marked = true;
    if (replayed[0] > 0) {
      metrics.replayed(replayed[0]);
      LOG.info("{}: re-read {} records (offsets {}..{}) summed but not flushed before the task last stopped", markKey,
          replayed[0], mark + 1, committed - 1);
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
      byte[] key = codec.encode(spec, flow, side);
      int partition = DeltaBatch.partitionOf(key, batches.length);
      batches[partition].add(key, 0, key.length, bucket, flow.receivedMs(), flow.bytes(), flow.packets(), 1);
      send(partition);
      return;
    }
    PartialSums table = sums[spec.index()];
    int before = table.size();
    table.add(codec.buffer(), codec.write(spec, flow, side), bucket, flow.receivedMs(), flow.bytes(), flow.packets());
    sumsHeld += table.size() - before;
  }

  /** Forwards every partial sum, batched by the partition of its series, and moves the mark. */
  private void flush() {
    for (PartialSums table : sums) {
      table.forEach((keys, offset, length, bucket, earliest, bytes, packets, flows) -> {
        int partition = DeltaBatch.partitionOf(Arrays.copyOfRange(keys, offset, offset + length), batches.length);
        batches[partition].add(keys, offset, length, bucket, earliest, bytes, packets, flows);
        if (batches[partition].size() >= MAX_BATCH_BYTES) {
          send(partition);
        }
      });
      table.clear();
    }
    sumsHeld = 0;
    for (int p = 0; p < batches.length; p++) {
      if (batches[p].deltas() > 0) {
        send(p);
      }
    }
    if (lastOffset > flushedOffset) {
      marks.put(markKey, lastOffset);
      flushedOffset = lastOffset;
    }
  }

  private void send(int partition) {
    DeltaBatch.Writer batch = batches[partition];
    long timestamp = batch.latestBucketMs();
    context.forward(new Record<>(partitionKeys[partition], batch.take(), timestamp));
  }
}

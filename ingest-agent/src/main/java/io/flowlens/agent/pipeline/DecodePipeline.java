package io.flowlens.agent.pipeline;

import io.flowlens.agent.AgentMetrics;
import io.flowlens.agent.listen.DatagramSink;
import io.flowlens.agent.listen.ReceivedDatagram;
import io.flowlens.decoders.DatagramDecoder;
import io.flowlens.decoders.DecodeResult;
import io.flowlens.decoders.DropReason;
import io.flowlens.decoders.ExportSource;
import io.flowlens.decoders.Protocol;
import io.flowlens.decoders.sequence.SequenceTracker;
import io.flowlens.logging.RateLimitedLog;
import io.flowlens.schema.AddressText;
import io.flowlens.schema.FlowRecord;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * Bounded queues between the listeners and a pool of decode workers. Each worker has its own queue,
 * and a datagram goes to the worker chosen by its exporter's address and port, so that one exporter's
 * datagrams are decoded in arrival order (templates before the data that uses them; sequence numbers
 * checked in order). A datagram that finds its queue full is dropped and counted as
 * {@code queue_full}: the event loop never waits, and memory never grows past the capacity.
 *
 * <p>A worker decodes with the listener's decoder, applies sampling overrides, tracks sequence loss
 * (one {@link SequenceTracker} shared by the workers: all of a stream's datagrams go to one worker,
 * so they reach it in order), counts what the decoder reported, hands the flow records to the
 * {@link FlowSink} and records the datagram's time from reception to hand-off.
 */
public final class DecodePipeline implements DatagramSink, AutoCloseable {
  private static final RateLimitedLog LOG =
      new RateLimitedLog(LoggerFactory.getLogger(DecodePipeline.class), Duration.ofSeconds(10));
  private static final int DRAIN_BATCH = 64;

  /** The decoders of one agent; they share its template cache. */
  public record Decoders(DatagramDecoder netflow, DatagramDecoder sflow) {}

  private final Decoders decoders;
  private final FlowSink sink;
  private final AgentMetrics metrics;
  private final SamplingOverrides overrides;
  private final SequenceTracker sequences = new SequenceTracker();
  private final ArrayBlockingQueue<ReceivedDatagram>[] queues;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running;
  private volatile long drainDeadlineNanos = Long.MAX_VALUE;

  @SuppressWarnings("unchecked")
  public DecodePipeline(int workers, int queueCapacity, Decoders decoders, SamplingOverrides overrides, FlowSink sink,
      AgentMetrics metrics) {
    this.decoders = decoders;
    this.overrides = overrides;
    this.sink = sink;
    this.metrics = metrics;
    this.queues = new ArrayBlockingQueue[workers];
    int perWorker = Math.max(1, queueCapacity / workers);
    for (int i = 0; i < workers; i++) {
      queues[i] = new ArrayBlockingQueue<>(perWorker);
    }
    metrics.queueLength(this::queueLength);
  }

  public void start() {
    running = true;
    for (int i = 0; i < queues.length; i++) {
      ArrayBlockingQueue<ReceivedDatagram> queue = queues[i];
      Thread t = new Thread(() -> work(queue), "flowlens-decode-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  @Override
  public void accept(ReceivedDatagram datagram) {
    if (!queues[worker(datagram)].offer(datagram)) {
      metrics.dropped(datagram.protocol(), DropReason.QUEUE_FULL, 1);
    }
  }

  /** Datagrams waiting in all queues. */
  public int queueLength() {
    int n = 0;
    for (ArrayBlockingQueue<ReceivedDatagram> q : queues) {
      n += q.size();
    }
    return n;
  }

  private int worker(ReceivedDatagram d) {
    int h = Arrays.hashCode(d.exporter()) * 31 + d.port();
    h ^= h >>> 16;
    return Math.floorMod(h, queues.length);
  }

  private void work(ArrayBlockingQueue<ReceivedDatagram> queue) {
    List<ReceivedDatagram> batch = new ArrayList<>(DRAIN_BATCH);
    while (running || (!queue.isEmpty() && System.nanoTime() < drainDeadlineNanos)) {
      try {
        ReceivedDatagram first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, DRAIN_BATCH - 1);
        for (ReceivedDatagram d : batch) {
          process(d);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // A bug in one datagram's path must not stop the worker: log it, keep decoding the rest.
        LOG.error("worker-error", "decode worker failed on a datagram: {}", e.toString(), e);
      } finally {
        batch.clear();
      }
    }
  }

  /** Decodes one datagram and hands its records on; package-private for the unit tests. */
  void process(ReceivedDatagram d) {
    DatagramDecoder decoder = d.listener().isNetflowFamily() ? decoders.netflow() : decoders.sflow();
    DecodeResult result = decoder.decode(Unpooled.wrappedBuffer(d.payload()),
        new ExportSource(d.exporter(), d.port(), d.receivedAtMillis()));
    Protocol protocol = result.protocol() == Protocol.UNKNOWN ? d.protocol() : result.protocol();
    countOutcome(d, result, protocol);
    if (result.hasSequence()) {
      long lost = sequences.observe(d.exporter(), d.port(), protocol, result.observationDomainId(),
          result.sequenceNumber(), result.sequenceIncrement(), result.sequenceIncrementKnown());
      if (lost > 0) {
        metrics.sequenceLost(protocol, d.exporter(), lost);
      }
    }
    List<FlowRecord> flows = result.flows();
    if (!flows.isEmpty()) {
      long rate = overrides.isEmpty() ? 0 : overrides.rateFor(d.exporter());
      for (FlowRecord flow : flows) {
        if (rate > 0) {
          flow.setSamplingRate(rate);
        }
        sink.send(flow);
      }
    }
    metrics.processing().record(System.nanoTime() - d.receivedAtNanos(), TimeUnit.NANOSECONDS);
  }

  private void countOutcome(ReceivedDatagram d, DecodeResult result, Protocol protocol) {
    if (!result.flows().isEmpty()) {
      metrics.parsed(protocol, result.flows().size());
    }
    if (result.templateRecords() > 0) {
      metrics.templateRecords(protocol, result.templateRecords());
    }
    if (result.optionsRecords() > 0) {
      metrics.optionsRecords(protocol, result.optionsRecords());
    }
    if (result.counterSamples() > 0) {
      metrics.counterSamples(protocol, result.counterSamples());
    }
    for (Map.Entry<DropReason, Integer> e : result.drops().entrySet()) {
      metrics.dropped(protocol, e.getKey(), e.getValue());
    }
    if (result.malformedDetail() != null) {
      String exporter = AddressText.format(d.exporter());
      LOG.warn("malformed:" + exporter, "malformed {} datagram from {}:{} ({} bytes): {}", protocol.label(), exporter,
          d.port(), d.payload().length, result.malformedDetail());
    } else if (result.dropped(DropReason.UNSUPPORTED_VERSION) > 0) {
      String exporter = AddressText.format(d.exporter());
      LOG.warn("version:" + exporter, "datagram from {}:{} on a {} listener has an unsupported version", exporter,
          d.port(), d.listener().name().toLowerCase(java.util.Locale.ROOT));
    }
  }

  /**
   * Stops the workers after they have decoded what is queued, waiting at most {@code drain}; what is
   * still queued then is dropped (the process is going away).
   */
  @Override
  public void close() {
    close(Duration.ofSeconds(2));
  }

  public void close(Duration drain) {
    drainDeadlineNanos = System.nanoTime() + drain.toNanos();
    running = false;
    for (Thread t : threads) {
      try {
        t.join(drain.toMillis() + 500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    threads.clear();
  }
}

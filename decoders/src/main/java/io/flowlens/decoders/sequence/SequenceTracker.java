package io.flowlens.decoders.sequence;

import io.flowlens.decoders.Protocol;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts what an exporter sent that never arrived, from the sequence numbers of its datagrams
 * ({@link io.flowlens.decoders.DecodeResult#sequence}): per (exporter, protocol, observation
 * domain), datagrams lost for NetFlow v9 and sFlow, records lost for NetFlow v5 and IPFIX.
 *
 * <p>Sequence numbers are 32-bit and wrap. A datagram ahead of the expected number opens a gap; a
 * late datagram (reordered by the network) that falls in a gap fills it; a gap is reported as lost
 * only once {@code reorderWindow} further datagrams have arrived. A jump forward beyond
 * {@code maxJump}, or backward beyond what reordering explains, is an exporter restart (or a
 * different exporter behind the same address): the stream starts over instead of reporting
 * billions lost. Thread-safe.
 */
public final class SequenceTracker {
  /**
   * @param reorderWindow datagrams that may arrive after a gap opens before it is reported lost
   * @param maxJump the largest forward jump, in sequence units, taken as loss rather than a restart
   * @param maxStreams (exporter, protocol, domain) streams tracked; others are not tracked
   */
  public record Config(int reorderWindow, long maxJump, int maxStreams) {
    public static final Config DEFAULTS = new Config(16, 1_000_000, 100_000);

    public Config {
      if (reorderWindow < 0) {
        throw new IllegalArgumentException("reorder_window must not be negative, not " + reorderWindow);
      }
      if (maxJump < 1 || maxJump >= 1L << 31) {
        throw new IllegalArgumentException("max_jump must be between 1 and 2^31-1, not " + maxJump);
      }
      if (maxStreams < 1) {
        throw new IllegalArgumentException("max_streams must be at least 1, not " + maxStreams);
      }
    }
  }

  private static final long MASK = 0xFFFFFFFFL;

  private final Config config;
  private final ConcurrentHashMap<Key, Stream> streams = new ConcurrentHashMap<>();

  public SequenceTracker(Config config) {
    this.config = config;
  }

  public SequenceTracker() {
    this(Config.DEFAULTS);
  }

  /**
   * Takes the sequence of one datagram and returns how many datagrams (or records) are now known
   * lost: gaps older than the reorder window, or left open when the stream restarted.
   *
   * @param sequence the header's sequence number (32-bit unsigned)
   * @param increment how far this datagram moves the sequence (1, or its number of records)
   */
  public long observe(byte[] exporter, Protocol protocol, long domain, long sequence, long increment) {
    return observe(exporter, protocol, domain, sequence, increment, true);
  }

  /**
   * As {@link #observe(byte[], Protocol, long, long, long)}, for a datagram whose increment may be
   * only a lower bound ({@link io.flowlens.decoders.DecodeResult#sequenceIncrementKnown()}): an IPFIX
   * message with records the decoder could not count. A gap before such a datagram still counts;
   * after it the stream resynchronises on the next datagram's sequence number instead of taking the
   * uncounted records for lost, and a late one fills the rest of the gap it falls in.
   */
  public long observe(
      byte[] exporter, Protocol protocol, long domain, long sequence, long increment, boolean incrementKnown) {
    Key key = new Key(exporter, protocol, domain);
    Stream stream = streams.get(key);
    if (stream == null) {
      if (streams.size() >= config.maxStreams()) {
        return 0;
      }
      stream = streams.computeIfAbsent(new Key(exporter.clone(), protocol, domain), k -> new Stream());
    }
    return stream.observe(sequence & MASK, Math.max(0, increment), incrementKnown, config);
  }

  /** Streams tracked. */
  public int streamCount() {
    return streams.size();
  }

  private static final class Stream {
    /** The next expected sequence number, unwrapped to 64 bits. */
    private long next = -1;
    private long largestIncrement = 1;
    /**
     * True when the last datagram ahead moved the sequence by an unknown amount: {@link #next} is
     * then only a lower bound, and the next datagram at or beyond it opens no gap.
     */
    private boolean resync;
    private final List<long[]> gaps = new ArrayList<>(); // {start, end (exclusive), age}

    synchronized long observe(long sequence, long increment, boolean incrementKnown, Config config) {
      largestIncrement = Math.max(largestIncrement, increment);
      if (next < 0) {
        next = sequence + increment;
        resync = !incrementKnown;
        return 0;
      }
      long diff = (int) (sequence - (next & MASK)); // signed distance, modulo 2^32
      long at = next + diff;
      long lost = 0;
      long backward = (long) Math.max(1, config.reorderWindow()) * largestIncrement * 2;
      if (diff == 0) {
        next = at + increment;
        resync = !incrementKnown;
      } else if (diff > 0 && diff <= config.maxJump()) {
        if (!resync) {
          gaps.add(new long[] {next, at, 0});
        }
        next = at + increment;
        resync = !incrementKnown;
      } else if (diff < 0 && -diff <= backward) {
        fill(at, incrementKnown ? at + increment : gapEnd(at, at + increment));
      } else {
        lost += open();
        gaps.clear();
        next = sequence + increment;
        resync = !incrementKnown;
        return lost;
      }
      for (Iterator<long[]> it = gaps.iterator(); it.hasNext(); ) {
        long[] gap = it.next();
        if (++gap[2] > config.reorderWindow()) {
          lost += gap[1] - gap[0];
          it.remove();
        }
      }
      return lost;
    }

    private long open() {
      long sum = 0;
      for (long[] gap : gaps) {
        sum += gap[1] - gap[0];
      }
      return sum;
    }

    /**
     * Where the gap holding {@code at} ends (its uncounted records may be all the rest of it), or
     * {@code atLeast} when no gap holds it.
     */
    private long gapEnd(long at, long atLeast) {
      for (long[] gap : gaps) {
        if (at >= gap[0] && at < gap[1]) {
          return Math.max(gap[1], atLeast);
        }
      }
      return atLeast;
    }

    /** Removes {@code [from, to)} from the open gaps: a late datagram arrived. */
    private void fill(long from, long to) {
      List<long[]> split = new ArrayList<>();
      for (Iterator<long[]> it = gaps.iterator(); it.hasNext(); ) {
        long[] gap = it.next();
        if (to <= gap[0] || from >= gap[1]) {
          continue;
        }
        if (from > gap[0] && to < gap[1]) {
          split.add(new long[] {to, gap[1], gap[2]});
          gap[1] = from;
        } else if (from <= gap[0] && to >= gap[1]) {
          it.remove();
        } else if (from <= gap[0]) {
          gap[0] = to;
        } else {
          gap[1] = from;
        }
      }
      gaps.addAll(split);
    }
  }

  private static final class Key {
    private final byte[] exporter;
    private final Protocol protocol;
    private final long domain;
    private final int hash;

    Key(byte[] exporter, Protocol protocol, long domain) {
      this.exporter = exporter;
      this.protocol = protocol;
      this.domain = domain;
      this.hash = (Arrays.hashCode(exporter) * 31 + protocol.hashCode()) * 31 + Long.hashCode(domain);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.domain == domain && k.protocol == protocol && Arrays.equals(k.exporter, exporter);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}

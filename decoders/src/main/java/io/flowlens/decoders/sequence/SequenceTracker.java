package io.flowlens.decoders.sequence;

import io.flowlens.decoders.Protocol;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts what an exporter sent that never arrived, from the sequence numbers of its datagrams
 * ({@link io.flowlens.decoders.DecodeResult#sequence}): per stream (exporter address, source port,
 * protocol, observation domain), datagrams lost for NetFlow v9 and sFlow, records lost for NetFlow v5
 * and IPFIX.
 *
 * <p>Sequence numbers are 32-bit and wrap. A datagram ahead of the expected number opens a gap; a
 * late datagram (reordered by the network) that falls in a gap fills it; a gap is reported as lost
 * only once {@code reorderWindow} further datagrams have arrived. A jump forward beyond
 * {@code maxJump}, or backward beyond what reordering explains, is an exporter restart (or a
 * different exporter behind the same address): the stream starts over instead of reporting
 * billions lost.
 *
 * <p>Record counters come in two conventions: RFC 7011 numbers a message by the records sent
 * <em>before</em> it, while some exporters (softflowd's IPFIX) count the records of the message itself
 * too. Each record-counting stream keeps the first convention it shows unambiguously (the next
 * message follows the previous one under one reading and not the other, which needs two messages
 * with different record counts); until then a gap is the smaller of the two readings. Datagram
 * counters move by 1 either way, so the question does not arise for them.
 *
 * <p>A datagram that starts before the expected number but ends beyond it is the next one from an
 * exporter that counts fewer records than the decoder does (softflowd's IPFIX leaves the options
 * record sent with its templates out of its count): the stream follows it, counting nothing lost.
 *
 * <p>Thread-safe; one stream's datagrams should be observed in arrival order.
 */
public final class SequenceTracker {
  /**
   * @param reorderWindow datagrams that may arrive after a gap opens before it is reported lost
   * @param maxJump the largest forward jump, in sequence units, taken as loss rather than a restart
   * @param maxStreams (exporter, port, protocol, domain) streams tracked; others are not tracked
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
   * @param exporter the exporter's address
   * @param port the exporter's source port: two exporters behind one address are two streams
   * @param sequence the header's sequence number (32-bit unsigned)
   * @param increment how far this datagram moves the sequence (1, or its number of records)
   */
  public long observe(byte[] exporter, int port, Protocol protocol, long domain, long sequence, long increment) {
    return observe(exporter, port, protocol, domain, sequence, increment, true);
  }

  /**
   * As {@link #observe(byte[], int, Protocol, long, long, long)}, for a datagram whose increment may be
   * only a lower bound ({@link io.flowlens.decoders.DecodeResult#sequenceIncrementKnown()}): an IPFIX
   * message with records the decoder could not count. A gap before such a datagram still counts;
   * after it the stream resynchronises on the next datagram's sequence number instead of taking the
   * uncounted records for lost, and a late one fills the rest of the gap it falls in. (For a stream
   * that counts the current message's records, the end of such a message is known and its start is
   * not: the gap before it is taken as its uncounted records.)
   */
  public long observe(byte[] exporter, int port, Protocol protocol, long domain, long sequence, long increment,
      boolean incrementKnown) {
    Key key = new Key(exporter, port, protocol, domain);
    Stream stream = streams.get(key);
    if (stream == null) {
      if (streams.size() >= config.maxStreams()) {
        return 0;
      }
      stream = streams.computeIfAbsent(new Key(exporter.clone(), port, protocol, domain),
          k -> new Stream(countsRecords(protocol)));
    }
    return stream.observe(sequence & MASK, Math.max(0, increment), incrementKnown, config);
  }

  /** NetFlow v5 and IPFIX number records; NetFlow v9 and sFlow number datagrams. */
  private static boolean countsRecords(Protocol protocol) {
    return protocol == Protocol.NETFLOW_V5 || protocol == Protocol.IPFIX;
  }

  /** Streams tracked. */
  public int streamCount() {
    return streams.size();
  }

  /** How a stream's sequence number counts records. */
  private enum Convention {
    /** Not shown yet: a gap is the smaller of the two readings. */
    UNDECIDED,
    /** RFC 7011 (and datagram counters): what was sent before this datagram. */
    BEFORE,
    /** What was sent including this message's records (softflowd's IPFIX). */
    INCLUDING
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
    private Convention convention;
    /** Where the last datagram that moved the stream forward started, and by how much it moved it. */
    private long lastAt;
    private long lastIncrement;
    private final List<long[]> gaps = new ArrayList<>(); // {start, end (exclusive), age}

    Stream(boolean countsRecords) {
      convention = countsRecords ? Convention.UNDECIDED : Convention.BEFORE;
    }

    synchronized long observe(long sequence, long increment, boolean incrementKnown, Config config) {
      largestIncrement = Math.max(largestIncrement, increment);
      if (next < 0) {
        next = sequence + increment;
        resync = !incrementKnown;
        lastAt = sequence;
        lastIncrement = increment;
        return 0;
      }
      if (convention == Convention.INCLUDING) {
        // The sequence number is where the message ends; it starts that many records earlier.
        long end = next + (int) (sequence - (next & MASK));
        long start = end - increment;
        if (!incrementKnown) {
          // Only the end is certain: records the decoder could not count lie before it, so the
          // message is taken to cover what is missing before it (ahead) or the gap it ends in (late).
          if (end >= next && end - next <= config.maxJump()) {
            start = next;
          } else {
            start = Math.min(start, gapStart(end - 1, start));
          }
        }
        sequence = start & MASK;
        increment = end - start;
        incrementKnown = true;
      }
      long diff = (int) (sequence - (next & MASK)); // signed distance, modulo 2^32
      long at = next + diff;
      long lost = 0;
      long backward = (long) Math.max(1, config.reorderWindow()) * largestIncrement * 2;
      if (diff >= 0 && diff <= config.maxJump()) {
        long gap = diff;
        boolean decidedIncluding = false;
        if (convention == Convention.UNDECIDED && !resync) {
          // Read as counting this message too, the previous message ended at its own sequence number.
          long includingGap = at - increment - lastAt;
          gap = includingGap < 0 ? 0 : Math.min(diff, includingGap);
          if (incrementKnown && diff != includingGap) {
            if (diff == 0) {
              convention = Convention.BEFORE;
            } else if (includingGap == 0) {
              convention = Convention.INCLUDING;
              decidedIncluding = true;
            }
          }
        }
        if (!resync && gap > 0) {
          gaps.add(new long[] {next, next + gap, 0});
        }
        next = at + increment;
        resync = !incrementKnown;
        lastAt = at;
        lastIncrement = increment;
        if (decidedIncluding) {
          // Just decided: from here on a message starts where its sequence number less its records
          // says; move what is tracked onto that reading.
          shift(-increment);
        }
      } else if (diff < 0 && -diff <= backward && at + increment > next) {
        // It starts before the expected number yet ends beyond it: not a late datagram but the next
        // one, from an exporter that counted fewer records than the decoder (softflowd leaves out
        // the options record it sends with its templates). Nothing is lost; follow it.
        next = at + increment;
        resync = !incrementKnown;
        lastAt = at;
        lastIncrement = increment;
      } else if (diff < 0 && -diff <= backward) {
        fill(at, incrementKnown ? at + increment : gapEnd(at, at + increment));
      } else {
        lost += open();
        gaps.clear();
        next = sequence + increment;
        resync = !incrementKnown;
        lastAt = sequence;
        lastIncrement = increment;
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

    private void shift(long by) {
      next += by;
      for (long[] gap : gaps) {
        gap[0] += by;
        gap[1] += by;
      }
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

    /**
     * Where the gap holding {@code at} starts (a late message's uncounted records may be all the
     * start of it), or {@code atMost} when no gap holds it.
     */
    private long gapStart(long at, long atMost) {
      for (long[] gap : gaps) {
        if (at >= gap[0] && at < gap[1]) {
          return Math.min(gap[0], atMost);
        }
      }
      return atMost;
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
    private final int port;
    private final Protocol protocol;
    private final long domain;
    private final int hash;

    Key(byte[] exporter, int port, Protocol protocol, long domain) {
      this.exporter = exporter;
      this.port = port;
      this.protocol = protocol;
      this.domain = domain;
      this.hash = ((Arrays.hashCode(exporter) * 31 + port) * 31 + protocol.hashCode()) * 31 + Long.hashCode(domain);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.port == port && k.domain == domain && k.protocol == protocol
          && Arrays.equals(k.exporter, exporter);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}

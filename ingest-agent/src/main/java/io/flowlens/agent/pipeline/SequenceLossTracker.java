package io.flowlens.agent.pipeline;

import io.flowlens.decoders.Protocol;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts export datagrams (or records) lost on the way, from the header sequence numbers each
 * exporter stream carries: a stream is (exporter address, port, protocol, observation domain); the
 * next datagram should carry the previous sequence plus its increment (modulo 2^32).
 *
 * <p>Some exporters count the records of the current message into its sequence number (softflowd's
 * IPFIX: "records sent including this message", where RFC 7011 says "before this message"). For
 * record counters the tracker accepts both conventions and keeps, per stream, the first one the
 * stream shows unambiguously; until then a gap is the smaller of the two readings. (Datagram counters
 * increase by 1 either way, so the question does not arise for them.)
 *
 * <p>A jump forward of at most {@value #MAX_GAP} is counted as loss. A larger jump, or one backwards,
 * is a restart of the exporter or a reordered datagram, not loss: it only re-synchronises the stream.
 * Not thread-safe: each decode worker owns one, and the pipeline routes every exporter stream to a
 * single worker. Holds at most {@value #MAX_STREAMS} streams (then starts over) so that a flood of
 * spoofed sources cannot grow memory.
 */
public final class SequenceLossTracker {
  static final long MAX_GAP = 1L << 24;
  static final int MAX_STREAMS = 65_536;

  private static final int UNDECIDED = 0;
  private static final int BEFORE_MESSAGE = 1;
  private static final int INCLUDING_MESSAGE = 2;

  /** Per stream: {previous sequence, previous increment, convention}. */
  private final Map<Stream, long[]> streams = new HashMap<>();

  /** Records a datagram's sequence; returns how many sequence numbers were skipped before it. */
  public long observe(byte[] exporter, int port, Protocol protocol, long domain, long sequence, long increment) {
    Stream key = new Stream(exporter, port, protocol, domain);
    long[] s = streams.get(key);
    if (s == null) {
      if (streams.size() >= MAX_STREAMS) {
        streams.clear();
      }
      streams.put(key, new long[] {sequence, increment, UNDECIDED});
      return 0;
    }
    long before = (sequence - s[0] - s[1]) & 0xFFFF_FFFFL;
    long including = (sequence - s[0] - increment) & 0xFFFF_FFFFL;
    if (s[2] == UNDECIDED && before != including) {
      if (before == 0) {
        s[2] = BEFORE_MESSAGE;
      } else if (including == 0) {
        s[2] = INCLUDING_MESSAGE;
      }
    }
    long gap = s[2] == BEFORE_MESSAGE ? before : s[2] == INCLUDING_MESSAGE ? including : Math.min(before, including);
    s[0] = sequence;
    s[1] = increment;
    return gap <= MAX_GAP ? gap : 0;
  }

  private static final class Stream {
    private final byte[] exporter;
    private final int port;
    private final Protocol protocol;
    private final long domain;
    private final int hash;

    Stream(byte[] exporter, int port, Protocol protocol, long domain) {
      this.exporter = exporter;
      this.port = port;
      this.protocol = protocol;
      this.domain = domain;
      this.hash = ((Arrays.hashCode(exporter) * 31 + port) * 31 + protocol.ordinal()) * 31 + Long.hashCode(domain);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Stream s && s.port == port && s.protocol == protocol && s.domain == domain
          && Arrays.equals(s.exporter, exporter);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}

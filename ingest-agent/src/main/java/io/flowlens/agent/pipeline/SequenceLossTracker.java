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
 * <p>A jump forward of at most {@value #MAX_GAP} is counted as loss. A larger jump, or one backwards,
 * is a restart of the exporter or a reordered datagram, not loss: it only re-synchronises the stream.
 * Not thread-safe: each decode worker owns one, and the pipeline routes every exporter stream to a
 * single worker. Holds at most {@value #MAX_STREAMS} streams (then starts over) so that a flood of
 * spoofed sources cannot grow memory.
 */
public final class SequenceLossTracker {
  static final long MAX_GAP = 1L << 24;
  static final int MAX_STREAMS = 65_536;

  private final Map<Stream, long[]> expected = new HashMap<>();

  /** Records a datagram's sequence; returns how many sequence numbers were skipped before it. */
  public long observe(byte[] exporter, int port, Protocol protocol, long domain, long sequence, long increment) {
    Stream key = new Stream(exporter, port, protocol, domain);
    long[] next = expected.get(key);
    long following = (sequence + increment) & 0xFFFF_FFFFL;
    if (next == null) {
      if (expected.size() >= MAX_STREAMS) {
        expected.clear();
      }
      expected.put(key, new long[] {following});
      return 0;
    }
    long gap = (sequence - next[0]) & 0xFFFF_FFFFL;
    next[0] = following;
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

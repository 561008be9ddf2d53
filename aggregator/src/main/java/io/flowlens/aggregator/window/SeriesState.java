package io.flowlens.aggregator.window;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Everything the aggregator keeps about one series, in one value so that a delta costs one store read
 * and one write: the cumulative counters (the {@code *_total} metrics), the caps' bookkeeping (last
 * flow seen, bytes since the last maintenance pass) and the ring of hop-sized slots from which the
 * rolling windows of every size are summed at scrape time (layout: {@link WindowRing}).
 *
 * @param windows the ring of the aggregation's {@link WindowRing}: 4 longs per slot {@code [start, bytes,
 *     packets, flows]}
 */
public record SeriesState(long bytes, long packets, long flows, long lastSeenMs, long recentBytes, long[] windows) {
  private static final int FIXED = 40;
  private static final int SLOT_BYTES = 4 + 4 * 8;

  /** A series with nothing counted yet, with a ring of {@code ringLongs} longs ({@link WindowRing#longs()}). */
  public static SeriesState empty(int ringLongs, long seenMs) {
    return new SeriesState(0, 0, 0, seenMs, 0, new long[ringLongs]);
  }

  /** This series plus a delta counted in the totals, with a copy of the ring (the slot is added with {@link WindowRing#add}). */
  public SeriesState add(long b, long p, long f, long seenMs) {
    return new SeriesState(bytes + b, packets + p, flows + f, Math.max(lastSeenMs, seenMs), recentBytes + b,
        windows.clone());
  }

  /**
   * This series plus a delta counted in the totals, sharing this one's ring: for a state whose ring only
   * its caller holds (one made by {@link #add} for the batch being applied), which then adds the slot in place.
   */
  public SeriesState addSharingRing(long b, long p, long f, long seenMs) {
    return new SeriesState(bytes + b, packets + p, flows + f, Math.max(lastSeenMs, seenMs), recentBytes + b, windows);
  }

  /**
   * This series with another folded in: counters summed, the other's recent bytes counting as this
   * one's, and each slot summed when both hold the same slot (the newer kept otherwise): a series folded
   * into {@code __other__} moves its slots, so its traffic stays in the windows.
   */
  public SeriesState absorb(SeriesState other, long seenMs) {
    long[] w = windows.clone();
    for (int at = 0; at + 3 < w.length && at + 3 < other.windows.length; at += 4) {
      if (other.windows[at + 3] == 0) {
        continue;
      }
      if (w[at + 3] == 0 || other.windows[at] > w[at]) {
        System.arraycopy(other.windows, at, w, at, 4);
      } else if (other.windows[at] == w[at]) {
        w[at + 1] += other.windows[at + 1];
        w[at + 2] += other.windows[at + 2];
        w[at + 3] += other.windows[at + 3];
      }
    }
    return new SeriesState(bytes + other.bytes, packets + other.packets, flows + other.flows,
        Math.max(lastSeenMs, seenMs), recentBytes + other.recentBytes, w);
  }

  public SeriesState withoutRecent() {
    return new SeriesState(bytes, packets, flows, lastSeenMs, 0, windows);
  }

  /**
   * The serde of the series store: 40 bytes of counters, an int {@code -1 - ring length} (negative:
   * tells this layout from the dense one of earlier versions), then only the slots that hold flows, each
   * as its position (int) and its 4 longs. Most series are quiet in most slots of a 62-slot ring, and
   * every delta writes the whole value to the record cache, RocksDB and the changelog. A value in the
   * earlier dense layout (40 bytes, then every long of the rings) is still read; a ring of another
   * length is emptied by {@link WindowRing#fit} (its windows start again; its counters are kept).
   */
  public static Serde<SeriesState> serde() {
    return Serdes.serdeFrom((topic, s) -> {
      if (s == null) {
        return null;
      }
      long[] w = s.windows;
      int used = 0;
      for (int at = 3; at < w.length; at += 4) {
        if (w[at] != 0) {
          used++;
        }
      }
      ByteBuffer b = ByteBuffer.allocate(FIXED + 4 + SLOT_BYTES * used).putLong(s.bytes).putLong(s.packets)
          .putLong(s.flows).putLong(s.lastSeenMs).putLong(s.recentBytes).putInt(-1 - w.length);
      for (int at = 0; at + 3 < w.length; at += 4) {
        if (w[at + 3] != 0) {
          b.putInt(at / 4).putLong(w[at]).putLong(w[at + 1]).putLong(w[at + 2]).putLong(w[at + 3]);
        }
      }
      return b.array();
    }, (topic, data) -> {
      if (data == null) {
        return null;
      }
      ByteBuffer b = ByteBuffer.wrap(data);
      long bytes = b.getLong();
      long packets = b.getLong();
      long flows = b.getLong();
      long lastSeen = b.getLong();
      long recent = b.getLong();
      long[] w;
      if (b.remaining() >= 4 && b.getInt(FIXED) < 0) {
        w = new long[-1 - b.getInt()];
        while (b.remaining() >= SLOT_BYTES) {
          int at = 4 * b.getInt();
          w[at] = b.getLong();
          w[at + 1] = b.getLong();
          w[at + 2] = b.getLong();
          w[at + 3] = b.getLong();
        }
      } else {
        // The dense layout: a slot's start time is never negative, so its first int is not either.
        w = new long[b.remaining() / 8];
        b.asLongBuffer().get(w);
      }
      return new SeriesState(bytes, packets, flows, lastSeen, recent, w);
    });
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SeriesState s && bytes == s.bytes && packets == s.packets && flows == s.flows
        && lastSeenMs == s.lastSeenMs && recentBytes == s.recentBytes && Arrays.equals(windows, s.windows);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(bytes) * 31 + Arrays.hashCode(windows);
  }

  @Override
  public String toString() {
    return "SeriesState[bytes=" + bytes + ", packets=" + packets + ", flows=" + flows + ", lastSeenMs=" + lastSeenMs
        + ", recentBytes=" + recentBytes + ", windows=" + Arrays.toString(windows) + "]";
  }
}

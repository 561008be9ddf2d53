package io.flowlens.aggregator.window;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Everything the aggregator keeps about one series, in one value so that a delta costs one store read
 * and one write: the cumulative counters (the {@code *_total} metrics), the caps' bookkeeping (last
 * flow seen, bytes since the last maintenance pass) and, for each window size of the aggregation, a
 * ring of the latest windows' counts.
 *
 * <p>Ring of a window size {@code s}: {@link #slots(long, long) n = 2 + ceil(grace / s)} slots; the
 * window starting at {@code t} lives in slot {@code (t / s) mod n} as {@code [start, bytes, packets,
 * flows]}. {@code n} windows back is as far as a window can be and still take flows (its end plus the
 * grace is after stream time), and as far as the last completed window (end + grace before now) is,
 * so the ring holds exactly what both the updates and the scrape need; an older slot is overwritten.
 *
 * @param windows per window size in the aggregation's order, its ring flattened: 4 longs per slot
 */
public record SeriesState(long bytes, long packets, long flows, long lastSeenMs, long recentBytes, long[] windows) {
  private static final int FIXED = 40;

  /** A series with nothing counted yet, with {@code ringLongs} longs of window rings (see {@link #ringLongs}). */
  public static SeriesState empty(int ringLongs, long seenMs) {
    return new SeriesState(0, 0, 0, seenMs, 0, new long[ringLongs]);
  }

  /** The slots of the ring of a window of {@code sizeMs} under {@code graceMs}. */
  public static int slots(long sizeMs, long graceMs) {
    return (int) (2 + (graceMs + sizeMs - 1) / sizeMs);
  }

  /** The longs of all rings of windows {@code sizesMs}: 4 per slot. */
  public static int ringLongs(long[] sizesMs, long graceMs) {
    int n = 0;
    for (long s : sizesMs) {
      n += 4 * slots(s, graceMs);
    }
    return n;
  }

  /** This series plus a delta counted in the totals (the windows are added with {@link #addToWindow}). */
  public SeriesState add(long b, long p, long f, long seenMs) {
    return new SeriesState(bytes + b, packets + p, flows + f, Math.max(lastSeenMs, seenMs), recentBytes + b,
        windows.clone());
  }

  /**
   * Adds counts to the window of size {@code sizeMs} starting at {@code startMs}, whose ring begins at
   * long {@code ringOffset} and has {@code slots} slots. Returns false, changing nothing, when the
   * window's slot already holds a newer window (the window is too old to be kept).
   */
  public boolean addToWindow(int ringOffset, int slots, long sizeMs, long startMs, long b, long p, long f) {
    int at = ringOffset + 4 * (int) Math.floorMod(Math.floorDiv(startMs, sizeMs), (long) slots);
    if (windows[at + 3] == 0 || windows[at] < startMs) {
      windows[at] = startMs;
      windows[at + 1] = 0;
      windows[at + 2] = 0;
      windows[at + 3] = 0;
    } else if (windows[at] > startMs) {
      return false;
    }
    windows[at + 1] += b;
    windows[at + 2] += p;
    windows[at + 3] += f;
    return true;
  }

  /**
   * The counts {@code [bytes, packets, flows]} of the window starting at {@code startMs} (zeros when the
   * series had none), or null when the series has nothing in it.
   */
  public long[] window(int ringOffset, int slots, long sizeMs, long startMs) {
    int at = ringOffset + 4 * (int) Math.floorMod(Math.floorDiv(startMs, sizeMs), (long) slots);
    if (windows[at] != startMs || windows[at + 3] == 0) {
      return null;
    }
    return new long[] {windows[at + 1], windows[at + 2], windows[at + 3]};
  }

  /**
   * This series with another folded in: counters summed, the other's recent bytes counting as this
   * one's, and each window slot summed when both hold the same window (the newer kept otherwise).
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
   * The serde of the series store: 40 bytes of counters, then the rings' longs. A value written with
   * another window configuration has rings of another length: it is read with empty rings of the
   * expected length (its windows start again; its counters are kept).
   */
  public static Serde<SeriesState> serde() {
    return Serdes.serdeFrom((topic, s) -> {
      if (s == null) {
        return null;
      }
      ByteBuffer b = ByteBuffer.allocate(FIXED + 8 * s.windows.length).putLong(s.bytes).putLong(s.packets)
          .putLong(s.flows).putLong(s.lastSeenMs).putLong(s.recentBytes);
      b.asLongBuffer().put(s.windows);
      return b.array();
    }, (topic, data) -> {
      if (data == null) {
        return null;
      }
      ByteBuffer b = ByteBuffer.wrap(data);
      long[] w = new long[(data.length - FIXED) / 8];
      SeriesState s = new SeriesState(b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong(), w);
      b.asLongBuffer().get(w);
      return s;
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

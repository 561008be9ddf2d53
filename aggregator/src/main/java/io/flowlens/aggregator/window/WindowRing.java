package io.flowlens.aggregator.window;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The layout of the one ring of hop-sized slots that a {@link SeriesState} holds for its aggregation,
 * and the rolling windows read from it.
 *
 * <p>The hop is the greatest common divisor of every configured window size and one minute
 * ({@link #hopMillis}), so every window is a whole number of slots. The slot starting at {@code t}
 * lives at position {@code (t / hop) mod n} of the ring as {@code [start, bytes, packets, flows]},
 * with {@code n = largest window / hop + ceil(grace / hop) + 1}: the largest window ending at the last
 * completed boundary, plus every slot after that boundary that can still take flows, so the writes
 * never overwrite what the scrape reads. An older slot's position is reused; a flow for it is too old.
 *
 * <p>A window of size {@code W} at boundary {@code T} (the latest multiple of the hop that is at or
 * before now minus the grace) is the sum of the slots of {@code [T - W, T)}: a rolling window that
 * moves by one hop, computed at scrape time. Slots before a series' first flow are empty, so right
 * after a start a window covers only the time since data began.
 */
public final class WindowRing {
  private static final long MINUTE_MS = 60_000;

  private final List<Duration> windows;
  private final long hopMs;
  private final long graceMs;
  private final long[] windowMs;
  private final long largestMs;
  private final int slots;

  /** The ring of an aggregation keeping {@code windows}, with the process-wide {@code hopMs} (see {@link #hopMillis}). */
  public WindowRing(List<Duration> windows, long hopMs, Duration grace) {
    this.windows = List.copyOf(windows);
    this.hopMs = hopMs;
    this.graceMs = grace.toMillis();
    int[] hops = windows.stream().mapToInt(w -> Math.toIntExact(w.toMillis() / hopMs)).toArray();
    for (int i = 0; i < hops.length; i++) {
      if (hops[i] * hopMs != windows.get(i).toMillis()) {
        throw new IllegalArgumentException("window " + windows.get(i) + " is not a multiple of the hop " + hopMs + " ms");
      }
    }
    windowMs = windows.stream().mapToLong(Duration::toMillis).toArray();
    largestMs = Arrays.stream(windowMs).max().orElse(0);
    int largest = Arrays.stream(hops).max().orElse(1);
    slots = Math.toIntExact(largest + (graceMs + hopMs - 1) / hopMs + 1);
  }

  /** One ring per aggregation, all with the hop of every window the aggregations keep. */
  public static List<WindowRing> of(List<AggregationSpec> specs, Duration grace) {
    long hop = hopMillis(AggregationSpec.allWindows(specs));
    return specs.stream().map(s -> new WindowRing(s.windows(), hop, grace)).toList();
  }

  /**
   * The hop: the greatest common divisor of the window sizes and one minute, so that it divides every
   * window and the rolling windows move at least once a minute (1m for the default sizes).
   */
  public static long hopMillis(List<Duration> windows) {
    long gcd = MINUTE_MS;
    for (Duration w : windows) {
      long a = w.toMillis();
      long b = gcd;
      while (b != 0) {
        long t = a % b;
        a = b;
        b = t;
      }
      gcd = a;
    }
    return gcd;
  }

  /** The window sizes, in the aggregation's order; {@code i} below is an index in this list. */
  public List<Duration> windows() {
    return windows;
  }

  public long hopMs() {
    return hopMs;
  }

  /** The slots of the ring. */
  public int slots() {
    return slots;
  }

  /** The length of {@link SeriesState#windows()} for this aggregation: 4 longs per slot. */
  public int longs() {
    return 4 * slots;
  }

  /** The start of the slot holding time {@code timeMs}. */
  public long slotStart(long timeMs) {
    return Math.floorDiv(timeMs, hopMs) * hopMs;
  }

  /**
   * The end of the rolling windows served at {@code nowMs}: the last hop boundary whose grace has
   * passed, after which no flow can change the slots before it.
   */
  public long boundary(long nowMs) {
    return slotStart(nowMs - graceMs);
  }

  /**
   * Adds counts to the slot starting at {@code slotStartMs} in {@code ring} (a {@link SeriesState#windows()}).
   * Returns false, changing nothing, when that slot's position holds a newer slot (the slot is older
   * than the ring).
   */
  public boolean add(long[] ring, long slotStartMs, long b, long p, long f) {
    int at = 4 * (int) Math.floorMod(Math.floorDiv(slotStartMs, hopMs), (long) slots);
    if (ring[at + 3] == 0 || ring[at] < slotStartMs) {
      ring[at] = slotStartMs;
      ring[at + 1] = 0;
      ring[at + 2] = 0;
      ring[at + 3] = 0;
    } else if (ring[at] > slotStartMs) {
      return false;
    }
    ring[at + 1] += b;
    ring[at + 2] += p;
    ring[at + 3] += f;
    return true;
  }

  /**
   * Sums every window ending at {@code boundaryMs} into {@code out}: window {@code i}'s bytes, packets
   * and flows at {@code out[3i .. 3i+2]}. One forward pass over the ring (memory order: at every scrape
   * this runs for every series, most of whose slots are empty), each slot starting in
   * {@code [boundary - window, boundary)} counting in that window. A slot sits at the position of its
   * start ({@link #add}), so a start in range is the slot of that time.
   */
  public void sum(long[] ring, long boundaryMs, long[] out) {
    Arrays.fill(out, 0);
    long oldest = boundaryMs - largestMs;
    for (int at = 0; at + 3 < ring.length; at += 4) {
      long start = ring[at];
      if (start < oldest || start >= boundaryMs) {
        continue;
      }
      for (int i = 0; i < windowMs.length; i++) {
        if (start >= boundaryMs - windowMs[i]) {
          int o = 3 * i;
          out[o] += ring[at + 1];
          out[o + 1] += ring[at + 2];
          out[o + 2] += ring[at + 3];
        }
      }
    }
  }

  /** {@code state} with its ring as this aggregation expects it: emptied if written under other windows. */
  public SeriesState fit(SeriesState state) {
    return state.windows().length == longs() ? state
        : new SeriesState(state.bytes(), state.packets(), state.flows(), state.lastSeenMs(), state.recentBytes(),
            new long[longs()]);
  }
}

package io.flowlens.aggregator.window;

import java.time.Duration;
import java.util.List;

/**
 * Where each window size of one aggregation has its ring in a {@link SeriesState}: sizes in the
 * aggregation's order, slots per ring, and the offset of each ring in {@link SeriesState#windows()}.
 */
public final class WindowRings {
  private final List<Duration> windows;
  private final long[] sizesMs;
  private final int[] slots;
  private final int[] offsets;
  private final int longs;

  public WindowRings(List<Duration> windows, Duration grace) {
    this.windows = List.copyOf(windows);
    sizesMs = windows.stream().mapToLong(Duration::toMillis).toArray();
    slots = new int[sizesMs.length];
    offsets = new int[sizesMs.length];
    int at = 0;
    for (int i = 0; i < sizesMs.length; i++) {
      slots[i] = SeriesState.slots(sizesMs[i], grace.toMillis());
      offsets[i] = at;
      at += 4 * slots[i];
    }
    longs = at;
  }

  /** The window sizes, in the aggregation's order; {@code i} below is an index in this list. */
  public List<Duration> windows() {
    return windows;
  }

  public long sizeMs(int i) {
    return sizesMs[i];
  }

  public int slots(int i) {
    return slots[i];
  }

  public int offset(int i) {
    return offsets[i];
  }

  /** The length of {@link SeriesState#windows()} for this aggregation. */
  public int longs() {
    return longs;
  }

  /** {@code state} with its rings as this aggregation expects them: emptied if written under other windows. */
  public SeriesState fit(SeriesState state) {
    return state.windows().length == longs ? state
        : new SeriesState(state.bytes(), state.packets(), state.flows(), state.lastSeenMs(), state.recentBytes(),
            new long[longs]);
  }
}

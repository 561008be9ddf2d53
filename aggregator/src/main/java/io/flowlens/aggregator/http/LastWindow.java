package io.flowlens.aggregator.http;

import java.time.Duration;

/**
 * The last completed window of one size at a given time: the latest window whose end plus the grace
 * period has passed, so that late flows can no longer change it. Windows are aligned to the epoch.
 *
 * @param startMs inclusive start
 * @param endMs exclusive end
 */
public record LastWindow(long startMs, long endMs) {
  public static LastWindow at(long nowMs, Duration size, Duration grace) {
    long s = size.toMillis();
    long end = Math.floorDiv(nowMs - grace.toMillis(), s) * s;
    return new LastWindow(end - s, end);
  }
}

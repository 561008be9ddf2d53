package io.flowlens.aggregator.http;

import io.flowlens.aggregator.window.WindowRing;
import java.time.Duration;

/**
 * The rolling window of one size served at a given time: the window of that size ending at the last
 * hop boundary whose grace period has passed ({@link WindowRing#boundary}), so that late flows can no
 * longer change it. It moves by one hop (1m for the default sizes).
 *
 * @param startMs inclusive start
 * @param endMs exclusive end
 */
public record LastWindow(long startMs, long endMs) {
  public static LastWindow at(long nowMs, Duration size, WindowRing ring) {
    long end = ring.boundary(nowMs);
    return new LastWindow(end - size.toMillis(), end);
  }
}

package io.flowlens.demo;

import java.util.function.LongSupplier;

/**
 * Paces flow records: tokens accrue at the current rate on a monotonic nanosecond clock, up to a
 * burst capacity that lets the sender catch up after a stall (a GC pause, a full socket buffer)
 * without flooding. The sender takes whole datagrams' worth of tokens at a time and, when too few
 * have accrued, sleeps for {@link #nanosUntil} instead of spinning. Not thread-safe.
 */
final class TokenBucket {
  private final LongSupplier clock;
  private double rate;
  private double capacity;
  private double tokens;
  private long lastNanos;

  TokenBucket(double tokensPerSecond, double capacity, LongSupplier clock) {
    this.clock = clock;
    this.rate = tokensPerSecond;
    this.capacity = capacity;
    this.lastNanos = clock.getAsLong();
  }

  /** Changes the refill rate from now on; what accrued so far stays. */
  void rate(double tokensPerSecond, double capacity) {
    refill();
    this.rate = tokensPerSecond;
    this.capacity = capacity;
  }

  /** Takes between {@code min} and {@code max} whole tokens if at least {@code min} have accrued, else 0. */
  long tryTake(long min, long max) {
    refill();
    if (tokens < min) {
      return 0;
    }
    long taken = (long) Math.min(tokens, max);
    tokens -= taken;
    return taken;
  }

  /** Returns tokens taken but not used, so they pace a later datagram. */
  void putBack(long unused) {
    tokens += unused;
  }

  /** Nanoseconds until {@code min} tokens will have accrued at the current rate (0 if they have). */
  long nanosUntil(long min) {
    refill();
    double missing = min - tokens;
    return missing <= 0 ? 0 : (long) Math.ceil(missing / rate * 1e9);
  }

  private void refill() {
    long now = clock.getAsLong();
    tokens = Math.min(capacity, tokens + (now - lastNanos) * rate / 1e9);
    lastNanos = now;
  }
}

package io.flowlens.logging;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Logs a recurring run-time error at most once per interval per key (e.g. "malformed:192.0.2.1"),
 * saying how many were suppressed since the last line. The events themselves are counted in metrics;
 * this only keeps the log readable when a router sends garbage 10,000 times a second.
 */
public final class RateLimitedLog {
  private final Logger logger;
  private final long intervalNanos;
  private final LongSupplier nanoClock;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
  private final int maxKeys;

  private static final class Window {
    final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
    final AtomicLong suppressed = new AtomicLong();
  }

  public RateLimitedLog(Logger logger, java.time.Duration interval) {
    this(logger, interval, System::nanoTime, 10_000);
  }

  RateLimitedLog(Logger logger, java.time.Duration interval, LongSupplier nanoClock, int maxKeys) {
    this.logger = logger;
    this.intervalNanos = interval.toNanos();
    this.nanoClock = nanoClock;
    this.maxKeys = maxKeys;
  }

  /** Logs at WARN unless {@code key} was logged within the interval; SLF4J {} placeholders. */
  public void warn(String key, String format, Object... args) {
    long suppressed = admit(key);
    if (suppressed >= 0) {
      logger.warn(suffix(format, suppressed), args);
    }
  }

  /** Logs at ERROR unless {@code key} was logged within the interval; SLF4J {} placeholders. */
  public void error(String key, String format, Object... args) {
    long suppressed = admit(key);
    if (suppressed >= 0) {
      logger.error(suffix(format, suppressed), args);
    }
  }

  /** -1 to suppress; otherwise how many were suppressed before this one. */
  private long admit(String key) {
    if (windows.size() >= maxKeys && !windows.containsKey(key)) {
      windows.clear(); // an unbounded key space (many exporters) must not grow memory
    }
    Window w = windows.computeIfAbsent(key, k -> new Window());
    long now = nanoClock.getAsLong();
    long next = w.nextAllowed.get();
    if ((next == Long.MIN_VALUE || now - next >= 0) && w.nextAllowed.compareAndSet(next, now + intervalNanos)) {
      return w.suppressed.getAndSet(0);
    }
    w.suppressed.incrementAndGet();
    return -1;
  }

  private static String suffix(String format, long suppressed) {
    return suppressed == 0 ? format : format + " (" + suppressed + " similar suppressed)";
  }
}

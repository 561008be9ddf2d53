package io.flowlens.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class RateLimitedLogTest {
  private final List<String> lines = new ArrayList<>();
  private final Logger logger = (Logger) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Logger.class},
      (proxy, method, args) -> {
        if ((method.getName().equals("warn") || method.getName().equals("error")) && args != null) {
          lines.add(method.getName() + " " + args[0]);
        }
        return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
      });
  private final AtomicLong now = new AtomicLong();

  @Test
  void shouldLogOncePerIntervalPerKeyAndSayHowManyWereSuppressed() {
    RateLimitedLog log = new RateLimitedLog(logger, Duration.ofSeconds(10), now::get, 100);
    log.warn("malformed:a", "malformed datagram exporter={}", "a");
    log.warn("malformed:a", "malformed datagram exporter={}", "a");
    log.warn("malformed:a", "malformed datagram exporter={}", "a");
    log.error("kafka", "send failed");
    now.addAndGet(Duration.ofSeconds(11).toNanos());
    log.warn("malformed:a", "malformed datagram exporter={}", "a");

    assertThat(lines).containsExactly(
        "warn malformed datagram exporter={}",
        "error send failed",
        "warn malformed datagram exporter={} (2 similar suppressed)");
  }

  @Test
  void shouldNotGrowWithoutBoundWhenKeysNeverRepeat() {
    RateLimitedLog log = new RateLimitedLog(logger, Duration.ofSeconds(10), now::get, 100);
    for (int i = 0; i < 1000; i++) {
      log.warn("exporter-" + i, "x");
    }
    assertThat(lines).hasSize(1000);
  }
}

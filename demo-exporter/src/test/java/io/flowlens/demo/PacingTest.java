package io.flowlens.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PacingTest {
  private final AtomicLong clock = new AtomicLong(1_000_000_000L);

  @Test
  void shouldGrantTokensAtTheRateInWholeBatches() {
    TokenBucket bucket = new TokenBucket(1_000, 100, clock::get);
    assertThat(bucket.tryTake(20, 50)).isZero();
    assertThat(bucket.nanosUntil(20)).isEqualTo(20_000_000L);

    clock.addAndGet(25_000_000L); // 25 tokens
    assertThat(bucket.tryTake(20, 50)).isEqualTo(25);
    clock.addAndGet(10_000_000L); // 10 more: fewer than the batch
    assertThat(bucket.tryTake(20, 50)).isZero();
    bucket.putBack(15);
    assertThat(bucket.tryTake(20, 50)).isEqualTo(25);
  }

  @Test
  void shouldCapWhatAccruesDuringAStall() {
    TokenBucket bucket = new TokenBucket(1_000_000, 50_000, clock::get);
    clock.addAndGet(5_000_000_000L);
    assertThat(bucket.tryTake(1, Long.MAX_VALUE)).isEqualTo(50_000);
    bucket.rate(2_000_000, 50_000);
    clock.addAndGet(1_000_000L);
    assertThat(bucket.tryTake(1, Long.MAX_VALUE)).isEqualTo(2_000);
  }

  @Test
  void shouldFollowTheDiurnalSinusoidWithoutBursts() {
    long day = 86_400_000L;
    RateShape shape = new RateShape(day, 0.5, false, 1);
    long midnight = 19_000 * day;
    assertThat(shape.multiplier(midnight)).isCloseTo(0.5, within(1e-9));
    assertThat(shape.multiplier(midnight + day / 2)).isCloseTo(1.5, within(1e-9));
    assertThat(shape.multiplier(midnight + day / 4)).isCloseTo(1.0, within(1e-9));
    assertThat(new RateShape(day, 0, false, 1).multiplier(midnight + 12_345)).isEqualTo(1.0);
  }

  @Test
  void shouldBurstNowAndThenDeterministically() {
    RateShape a = new RateShape(86_400_000L, 0, true, 42);
    RateShape b = new RateShape(86_400_000L, 0, true, 42);
    long start = 1_700_000_000_000L;
    int burstSeconds = 0;
    for (int s = 0; s < 3_600; s++) {
      double m = a.multiplier(start + s * 1000L);
      assertThat(b.multiplier(start + s * 1000L)).isEqualTo(m);
      assertThat(m).isBetween(1.0, 3.0);
      if (m > 1) {
        burstSeconds++;
      }
    }
    // about one 3-15 s burst a minute: a few percent to a quarter of the hour
    assertThat(burstSeconds).isBetween(60, 900);
  }
}

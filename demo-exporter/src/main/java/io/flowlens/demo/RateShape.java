package io.flowlens.demo;

import java.util.SplittableRandom;

/**
 * How the flow rate varies around its mean: a day/night sinusoid over the wall clock (lowest at
 * midnight UTC, highest at noon when the period is 24 h) and, optionally, random bursts that start
 * with probability 1/60 in any second and last 3-15 s at 1.5-3x the rate. Deterministic for a
 * seed and a sequence of times.
 */
final class RateShape {
  private static final double BURST_START_PROBABILITY = 1.0 / 60;
  /** After a long pause (a suspended laptop) bursts are not replayed second by second. */
  private static final long MAX_SECONDS_REPLAYED = 3_600;

  private final long periodMillis;
  private final double amplitude;
  private final boolean bursts;
  private final SplittableRandom random;
  private long lastSecond = Long.MIN_VALUE;
  private long burstUntilSecond;
  private double burstFactor = 1;

  RateShape(long periodMillis, double amplitude, boolean bursts, long seed) {
    this.periodMillis = periodMillis;
    this.amplitude = amplitude;
    this.bursts = bursts;
    this.random = new SplittableRandom(seed);
  }

  /** The factor the mean rate is multiplied by at {@code epochMillis}. */
  double multiplier(long epochMillis) {
    double phase = 2 * Math.PI * Math.floorMod(epochMillis, periodMillis) / periodMillis;
    double diurnal = 1 - amplitude * Math.cos(phase);
    return bursts ? diurnal * burst(Math.floorDiv(epochMillis, 1000)) : diurnal;
  }

  private double burst(long second) {
    if (lastSecond == Long.MIN_VALUE || second - lastSecond > MAX_SECONDS_REPLAYED) {
      lastSecond = second - 1;
    }
    while (lastSecond < second) {
      lastSecond++;
      if (lastSecond >= burstUntilSecond) {
        burstFactor = 1;
        if (random.nextDouble() < BURST_START_PROBABILITY) {
          burstUntilSecond = lastSecond + 3 + random.nextInt(13);
          burstFactor = 1.5 + 1.5 * random.nextDouble();
        }
      }
    }
    return burstFactor;
  }
}

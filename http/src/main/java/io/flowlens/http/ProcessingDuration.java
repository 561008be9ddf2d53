package io.flowlens.http;

import io.flowlens.configuration.MetricsConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * {@code flow_processing_duration_seconds}: the one histogram both tiers time flows with, told apart by
 * the {@code tier} label ({@code agent}: receive to hand-off to the Kafka producer; {@code aggregator}:
 * receive at the agent to the update of the state stores). One bucket layout for both, from 50 µs to
 * 10 minutes, so that the two series of all-in-one share one family and dashboards can compare them.
 */
public final class ProcessingDuration {
  private static final long[] BUCKET_MICROS = {
      50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000,
      2_500_000, 5_000_000, 10_000_000, 30_000_000, 60_000_000, 120_000_000, 300_000_000, 600_000_000};

  private ProcessingDuration() {}

  public static Timer register(MeterRegistry registry, MetricsConfig names, String tier) {
    Duration[] buckets = new Duration[BUCKET_MICROS.length];
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = Duration.ofNanos(BUCKET_MICROS[i] * 1000);
    }
    return Timer.builder(names.name("processing_duration"))
        .description("Time a flow takes through flowlens, by tier: agent (receive to Kafka producer), "
            + "aggregator (receive at the agent to the state stores)")
        .tag("tier", tier)
        .serviceLevelObjectives(buckets)
        .register(registry);
  }
}

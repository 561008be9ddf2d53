package io.flowlens.http;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.regex.Pattern;

/**
 * Makes the metrics that libraries register pass {@code promtool check metrics}. Kafka's client
 * metrics measure some times in nanoseconds or milliseconds ({@code io-time-ns-total},
 * {@code start-time-ms}); Prometheus wants seconds and a filter cannot rescale a library's values, so
 * those few are left out (the rates, counts and latencies in seconds stay). Gauges named
 * {@code connection-count} become {@code connections}, other gauges ending in {@code count} end in
 * {@code number}, and a missing description becomes one that names the meter.
 */
final class PromtoolCleanNames implements MeterFilter {
  private static final Pattern TIME_IN_NS_OR_MS = Pattern.compile("\\.(ns|ms)(?=\\.|$)");
  private static final Pattern CONNECTION_COUNT = Pattern.compile("\\.connection\\.count$");
  private static final Pattern COUNT_SUFFIX = Pattern.compile("\\.count$");

  @Override
  public MeterFilterReply accept(Meter.Id id) {
    return TIME_IN_NS_OR_MS.matcher(id.getName()).find() ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
  }

  @Override
  public Meter.Id map(Meter.Id id) {
    String name = id.getName();
    String renamed = name;
    if (id.getType() != Meter.Type.COUNTER && id.getType() != Meter.Type.TIMER
        && id.getType() != Meter.Type.DISTRIBUTION_SUMMARY) {
      // only histograms and summaries may end in _count; Micrometer adds _total to counters
      renamed = COUNT_SUFFIX.matcher(CONNECTION_COUNT.matcher(name).replaceAll(".connections")).replaceAll(".number");
    }
    String description = id.getDescription();
    if (description == null || description.isBlank()) {
      description = "the " + name + " metric";
    }
    if (renamed.equals(name) && description.equals(id.getDescription())) {
      return id;
    }
    return new Meter.Id(renamed, io.micrometer.core.instrument.Tags.of(id.getTags()), id.getBaseUnit(), description,
        id.getType());
  }
}

package io.flowlens.agent.pipeline;

import io.flowlens.agent.SamplingOverride;
import io.flowlens.configuration.Cidr;
import java.util.List;

/**
 * The configured sampling rates by exporter ({@code agent.sampling_overrides}). Matched against the
 * address the datagram came from (as the allow-list is); the first matching entry wins.
 */
public final class SamplingOverrides {
  private final Cidr[] exporters;
  private final long[] rates;

  public SamplingOverrides(List<SamplingOverride> overrides) {
    this.exporters = overrides.stream().map(SamplingOverride::exporter).toArray(Cidr[]::new);
    this.rates = overrides.stream().mapToLong(SamplingOverride::rate).toArray();
  }

  /** The rate that replaces what {@code exporter}'s datagrams say, or 0 when none is configured. */
  public long rateFor(byte[] exporter) {
    for (int i = 0; i < exporters.length; i++) {
      if (exporters[i].contains(exporter)) {
        return rates[i];
      }
    }
    return 0;
  }

  public boolean isEmpty() {
    return exporters.length == 0;
  }
}

package io.flowlens.agent;

import io.flowlens.configuration.Cidr;
import io.flowlens.configuration.ConfigProblems;
import io.flowlens.configuration.Validated;

/**
 * One element of {@code agent.sampling_overrides}: records from exporters in {@code exporter} carry
 * sampling rate {@code rate}, whatever the datagram said (for exporters that sample but do not say so,
 * or say it wrongly).
 */
public final class SamplingOverride implements Validated {
  private Cidr exporter;
  private long rate;

  private SamplingOverride() {}

  public static SamplingOverride of(Cidr exporter, long rate) {
    SamplingOverride o = new SamplingOverride();
    o.exporter = exporter;
    o.rate = rate;
    return o;
  }

  public Cidr exporter() {
    return exporter;
  }

  public long rate() {
    return rate;
  }

  @Override
  public void validate(String path, ConfigProblems problems) {
    problems.check(exporter != null, ConfigProblems.child(path, "exporter"),
        "must be an address or CIDR block such as 192.0.2.0/24");
    problems.check(rate >= 1 && rate <= 0xFFFF_FFFFL, ConfigProblems.child(path, "rate"), "must be 1..4294967295 (1 in N packets)");
  }
}

package io.flowlens.agent;

import io.flowlens.configuration.ConfigProblems;
import io.flowlens.configuration.Validated;
import io.flowlens.decoders.template.TemplateCache;
import java.time.Duration;

/**
 * {@code agent.templates:} — limits of the NetFlow v9 / IPFIX template cache. The cache is keyed by
 * (exporter address, version, observation domain): {@code max_per_exporter} bounds the templates of
 * one such key, {@code max_exporters} the number of keys; templates not announced again within
 * {@code expiry} are forgotten.
 */
public final class TemplatesConfig implements Validated {
  private int maxPerExporter = 1024;
  private int maxExporters = 10_000;
  private Duration expiry = Duration.ofMinutes(30);

  public int maxPerExporter() {
    return maxPerExporter;
  }

  public int maxExporters() {
    return maxExporters;
  }

  public Duration expiry() {
    return expiry;
  }

  /** The decoders' cache limits; call only on a validated configuration. */
  public TemplateCache.Config cacheConfig() {
    return new TemplateCache.Config(maxPerExporter, maxExporters, expiry);
  }

  @Override
  public void validate(String path, ConfigProblems problems) {
    problems.check(maxPerExporter >= 1 && maxPerExporter <= 65_536, ConfigProblems.child(path, "max_per_exporter"),
        "must be 1..65536");
    problems.check(maxExporters >= 1 && maxExporters <= 1_000_000, ConfigProblems.child(path, "max_exporters"),
        "must be 1..1000000");
    problems.check(expiry != null && expiry.toSeconds() >= 1 && expiry.toDays() <= 7, ConfigProblems.child(path, "expiry"),
        "must be 1s..7d");
  }
}

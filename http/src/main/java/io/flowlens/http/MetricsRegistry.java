package io.flowlens.http;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The metrics registry of a process: one per process, shared by every tier it runs, so that one
 * {@code /metrics} shows them all. Micrometer meters and scrape-time collectors registered on
 * {@link PrometheusMeterRegistry#getPrometheusRegistry()} are exposed together.
 */
public final class MetricsRegistry {
  private MetricsRegistry() {}

  /** A registry with the JVM and process metrics bound. */
  public static PrometheusMeterRegistry create() {
    PrometheusMeterRegistry registry =
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, new PrometheusRegistry(), Clock.SYSTEM);
    // promtool rejects two names of Micrometer's processor binder: process_cpu_time_ns_total (an
    // abbreviated unit) and system_cpu_count (a _count suffix on a gauge); process_cpu_usage and
    // system_cpu_usage say the same.
    registry.config().meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"));
    registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("system.cpu.count")));
    registry.config().meterFilter(new PromtoolCleanNames());
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    return registry;
  }
}

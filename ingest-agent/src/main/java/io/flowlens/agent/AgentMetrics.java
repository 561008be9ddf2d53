package io.flowlens.agent;

import io.flowlens.configuration.MetricsConfig;
import io.flowlens.decoders.DropReason;
import io.flowlens.decoders.Protocol;
import io.flowlens.http.ProcessingDuration;
import io.flowlens.schema.AddressText;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * The agent's self-metrics, named by {@link MetricsConfig#name(String)} (defaults shown):
 *
 * <ul>
 *   <li>{@code flow_received_packets_total{protocol,exporter}} — datagrams accepted from allowed exporters
 *   <li>{@code flow_parsed_records_total{protocol}} — flow records decoded (not templates, options, counters)
 *   <li>{@code flow_dropped_records_total{protocol,reason}} — what could not become a record in Kafka.
 *       Reasons {@code queue_full} and {@code exporter_not_allowed} count <em>datagrams</em>: they are
 *       dropped before decoding, so their records are unknown. {@code kafka_error} counts records.
 *   <li>{@code flow_template_records_total}, {@code flow_options_records_total},
 *       {@code flow_interface_samples_total} (each {@code {protocol}})
 *   <li>{@code flow_sequence_lost_total{protocol,exporter}} — gaps in export sequence numbers: datagrams for
 *       NetFlow v9 and sFlow, records for NetFlow v5 and IPFIX (what each protocol's sequence counts)
 *   <li>{@code flow_processing_duration_seconds} — histogram, receive to hand-off to the Kafka producer, per datagram
 *   <li>{@code flow_worker_queue_length} — datagrams waiting for the decode workers
 * </ul>
 *
 * <p>Labelled counters are cached so that the per-datagram path does no registry look-up. The
 * {@code exporter} label is bounded: beyond {@value #MAX_EXPORTER_SERIES} exporters, new ones are
 * counted under {@code exporter="other"} (an allow-list is the real guard against arbitrary sources).
 */
public final class AgentMetrics {
  static final int MAX_EXPORTER_SERIES = 10_000;
  private static final int PROTOCOLS = Protocol.values().length;

  private final MetricsConfig names;
  private final MeterRegistry registry;
  private final AtomicReferenceArray<Counter> dropped =
      new AtomicReferenceArray<>(PROTOCOLS * DropReason.values().length);
  private final AtomicReferenceArray<Counter> parsed = new AtomicReferenceArray<>(PROTOCOLS);
  private final AtomicReferenceArray<Counter> templates = new AtomicReferenceArray<>(PROTOCOLS);
  private final AtomicReferenceArray<Counter> options = new AtomicReferenceArray<>(PROTOCOLS);
  private final AtomicReferenceArray<Counter> counterSamples = new AtomicReferenceArray<>(PROTOCOLS);
  private final ConcurrentHashMap<ExporterKey, Counter> received = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ExporterKey, Counter> sequenceLost = new ConcurrentHashMap<>();
  private final Timer processing;

  public AgentMetrics(MetricsConfig names, MeterRegistry registry) {
    this.names = names;
    this.registry = registry;
    this.processing = ProcessingDuration.register(registry, names, "agent");
  }


  /** Registers {@code flow_worker_queue_length}, read at scrape time. */
  public void queueLength(Supplier<Number> length) {
    Gauge.builder(names.name("worker_queue_length"), length)
        .description("Export datagrams waiting for a decode worker")
        .strongReference(true)
        .register(registry);
  }

  public void received(Protocol protocol, byte[] exporter) {
    exporterCounter(received, "received_packets", "Export datagrams received from allowed exporters", protocol, exporter)
        .increment();
  }

  public void sequenceLost(Protocol protocol, byte[] exporter, long count) {
    exporterCounter(sequenceLost, "sequence_lost", "Export sequence numbers skipped (datagrams for NetFlow v9 and "
        + "sFlow, records for NetFlow v5 and IPFIX)", protocol, exporter).increment(count);
  }

  public void dropped(Protocol protocol, DropReason reason, long count) {
    int i = protocol.ordinal() * DropReason.values().length + reason.ordinal();
    Counter c = dropped.get(i);
    if (c == null) {
      c = Counter.builder(names.name("dropped_records"))
          .description("Records (or, for queue_full and exporter_not_allowed, datagrams) not delivered, by reason")
          .tag("protocol", protocol.label()).tag("reason", reason.label()).register(registry);
      dropped.set(i, c);
    }
    c.increment(count);
  }

  public void parsed(Protocol protocol, long count) {
    protocolCounter(parsed, "parsed_records", "Flow records decoded", protocol).increment(count);
  }

  public void templateRecords(Protocol protocol, long count) {
    protocolCounter(templates, "template_records", "Template records received", protocol).increment(count);
  }

  public void optionsRecords(Protocol protocol, long count) {
    protocolCounter(options, "options_records", "Options data records received", protocol).increment(count);
  }

  public void counterSamples(Protocol protocol, long count) {
    protocolCounter(counterSamples, "interface_samples", "sFlow counter samples (interface counters) received", protocol).increment(count);
  }

  public Timer processing() {
    return processing;
  }

  private Counter protocolCounter(AtomicReferenceArray<Counter> cache, String name, String help, Protocol protocol) {
    Counter c = cache.get(protocol.ordinal());
    if (c == null) {
      c = Counter.builder(names.name(name)).description(help).tag("protocol", protocol.label()).register(registry);
      cache.set(protocol.ordinal(), c);
    }
    return c;
  }

  private Counter exporterCounter(ConcurrentHashMap<ExporterKey, Counter> cache, String name, String help,
      Protocol protocol, byte[] exporter) {
    ExporterKey key = new ExporterKey(protocol, exporter);
    Counter c = cache.get(key);
    if (c != null) {
      return c;
    }
    String label = cache.size() >= MAX_EXPORTER_SERIES ? "other" : AddressText.format(exporter);
    c = Counter.builder(names.name(name)).description(help)
        .tag("protocol", protocol.label()).tag("exporter", label).register(registry);
    if (!label.equals("other")) {
      cache.putIfAbsent(new ExporterKey(protocol, exporter.clone()), c);
    }
    return c;
  }

  private static final class ExporterKey {
    private final Protocol protocol;
    private final byte[] address;
    private final int hash;

    ExporterKey(Protocol protocol, byte[] address) {
      this.protocol = protocol;
      this.address = address;
      this.hash = 31 * Arrays.hashCode(address) + protocol.ordinal();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ExporterKey k && k.protocol == protocol && Arrays.equals(k.address, address);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}

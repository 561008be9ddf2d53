package io.flowlens.agent.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowlens.agent.AgentMetrics;
import io.flowlens.agent.ListenerProtocol;
import io.flowlens.agent.NetflowV5Datagrams;
import io.flowlens.agent.RecordingSink;
import io.flowlens.agent.SamplingOverride;
import io.flowlens.agent.listen.ReceivedDatagram;
import io.flowlens.configuration.Cidr;
import io.flowlens.configuration.ConfigLoader;
import io.flowlens.configuration.MetricsConfig;
import io.flowlens.decoders.NetflowDecoder;
import io.flowlens.decoders.Protocol;
import io.flowlens.decoders.sflow.SflowDecoder;
import io.flowlens.decoders.template.TemplateCache;
import io.flowlens.schema.FlowRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DecodePipelineTest {
  private static final byte[] ROUTER = {10, 0, 0, 1};
  private static final byte[] OTHER = {(byte) 192, 0, 2, 1};

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AgentMetrics metrics = new AgentMetrics(metricsConfig(), registry);
  private final RecordingSink sink = new RecordingSink();
  private DecodePipeline pipeline;

  private static MetricsConfig metricsConfig() {
    try {
      return new ConfigLoader(Map.of()).parse("", MetricsConfig.class, "test");
    } catch (io.flowlens.configuration.ConfigException e) {
      throw new AssertionError(e);
    }
  }

  private DecodePipeline pipeline(int workers, int capacity, List<SamplingOverride> overrides) {
    pipeline = new DecodePipeline(workers, capacity,
        new DecodePipeline.Decoders(new NetflowDecoder(new TemplateCache()), new SflowDecoder()),
        new SamplingOverrides(overrides), sink, metrics);
    return pipeline;
  }

  @AfterEach
  void stop() {
    if (pipeline != null) {
      pipeline.close(Duration.ofSeconds(1));
    }
  }

  private static ReceivedDatagram datagram(byte[] exporter, int port, byte[] payload) {
    return new ReceivedDatagram(ListenerProtocol.NETFLOW9, Protocol.NETFLOW_V5, payload, exporter, port,
        System.currentTimeMillis(), System.nanoTime());
  }

  private double count(String name, String... tags) {
    Counter c = registry.find(name).tags(tags).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void shouldDropAndCountDatagramsThatFindTheQueueFull() {
    DecodePipeline p = pipeline(1, 16, List.of());
    for (int i = 0; i < 20; i++) {
      p.accept(datagram(ROUTER, 2055, NetflowV5Datagrams.datagram(i, 1, 0)));
    }
    assertThat(p.queueLength()).isEqualTo(16);
    assertThat(count("flow_dropped_records", "protocol", "netflow5", "reason", "queue_full")).isEqualTo(4);
    assertThat(registry.find("flow_worker_queue_length").gauge().value()).isEqualTo(16);

    p.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> sink.records.size() == 16);
    assertThat(count("flow_parsed_records", "protocol", "netflow5")).isEqualTo(16);
    assertThat(p.queueLength()).isZero();
  }

  @Test
  void shouldKeepOneExportersDatagramsInOrderAcrossWorkers() {
    DecodePipeline p = pipeline(4, 4096, List.of());
    p.start();
    long sequence = 0;
    for (int i = 0; i < 200; i++) {
      p.accept(datagram(ROUTER, 2055, NetflowV5Datagrams.datagram(sequence, 3, 0)));
      sequence += 3;
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> sink.records.size() == 600);
    assertThat(sink.records).extracting(FlowRecord::getSequenceNumber).isSorted();
    assertThat(count("flow_sequence_lost", "protocol", "netflow5", "exporter", "10.0.0.1")).isZero();
    assertThat(registry.find("flow_processing_duration").timer().count()).isEqualTo(200);
  }

  @Test
  void shouldReplaceTheWireSamplingRateForOverriddenExportersOnly() {
    DecodePipeline p = pipeline(1, 64, List.of(SamplingOverride.of(Cidr.parse("10.0.0.0/8"), 1000)));
    p.process(datagram(ROUTER, 2055, NetflowV5Datagrams.datagram(0, 2, 10)));
    p.process(datagram(OTHER, 2055, NetflowV5Datagrams.datagram(0, 2, 10)));

    assertThat(sink.records).extracting(FlowRecord::getSamplingRate).containsExactly(1000L, 1000L, 10L, 10L);
    assertThat(sink.records).extracting(FlowRecord::getPackets).containsExactly(1L, 2L, 1L, 2L);
  }

  @Test
  void shouldCountSkippedSequenceNumbersPerExporter() {
    DecodePipeline p = pipeline(1, 64, List.of());
    p.process(datagram(ROUTER, 2055, NetflowV5Datagrams.datagram(100, 5, 0)));
    p.process(datagram(ROUTER, 2055, NetflowV5Datagrams.datagram(105, 5, 0)));
    p.process(datagram(ROUTER, 2055, NetflowV5Datagrams.datagram(117, 5, 0)));
    p.process(datagram(OTHER, 2055, NetflowV5Datagrams.datagram(5000, 5, 0)));
    // A gap is loss once the reorder window (16 datagrams) has passed without a late datagram filling it.
    for (int i = 1; i <= 15; i++) {
      p.process(datagram(ROUTER, 2055, NetflowV5Datagrams.datagram(117 + 5 * i, 5, 0)));
    }
    assertThat(count("flow_sequence_lost", "protocol", "netflow5", "exporter", "10.0.0.1")).isZero();
    p.process(datagram(ROUTER, 2055, NetflowV5Datagrams.datagram(117 + 5 * 16, 5, 0)));

    assertThat(count("flow_sequence_lost", "protocol", "netflow5", "exporter", "10.0.0.1")).isEqualTo(7);
    assertThat(count("flow_sequence_lost", "protocol", "netflow5", "exporter", "192.0.2.1")).isZero();
  }

  @Test
  void shouldCountMalformedDatagramsAndKeepGoing() {
    DecodePipeline p = pipeline(1, 64, List.of());
    byte[] truncated = java.util.Arrays.copyOf(NetflowV5Datagrams.datagram(0, 3, 0), 24 + 48 * 2);
    p.process(datagram(ROUTER, 2055, truncated));
    p.process(datagram(ROUTER, 2055, new byte[] {0, 77, 0, 0}));
    p.process(datagram(ROUTER, 2055, NetflowV5Datagrams.datagram(3, 1, 0)));

    assertThat(count("flow_dropped_records", "protocol", "netflow5", "reason", "malformed")).isEqualTo(1);
    assertThat(count("flow_dropped_records", "protocol", "netflow5", "reason", "unsupported_version")).isEqualTo(1);
    assertThat(sink.records).hasSize(1);
  }
}

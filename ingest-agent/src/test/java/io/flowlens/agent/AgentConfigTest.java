package io.flowlens.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.configuration.Cidr;
import io.flowlens.configuration.ConfigException;
import io.flowlens.configuration.ConfigLoader;
import io.flowlens.configuration.ConfigProblem;
import io.flowlens.configuration.DataSize;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentConfigTest {
  private static AgentConfig parse(String yaml) throws ConfigException {
    return new ConfigLoader(Map.of("RATE", "512")).parse(yaml, TestConfigs.Root.class, "test.yaml").agent();
  }

  private static List<ConfigProblem> problems(String yaml) {
    try {
      parse(yaml);
    } catch (ConfigException e) {
      return e.problems();
    }
    throw new AssertionError("expected the configuration to be rejected:\n" + yaml);
  }

  @Test
  void shouldDefaultToTheThreeStandardListenersOnBothStacks() throws Exception {
    AgentConfig c = parse("");
    assertThat(c.http().port()).isEqualTo(8081);
    assertThat(c.listeners()).extracting(ListenerConfig::protocol, ListenerConfig::address, ListenerConfig::port)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(ListenerProtocol.NETFLOW9, "::", 2055),
            org.assertj.core.groups.Tuple.tuple(ListenerProtocol.IPFIX, "::", 4739),
            org.assertj.core.groups.Tuple.tuple(ListenerProtocol.SFLOW, "::", 6343));
    ListenerConfig l = c.listeners().get(0);
    assertThat(l.sockets()).isEqualTo(1);
    assertThat(l.receiveBuffer()).isEqualTo(DataSize.ofMebibytes(8));
    assertThat(l.interfaceName()).isNull();
    assertThat(c.queueCapacity()).isEqualTo(65_536);
    assertThat(c.workers()).isBetween(1, 4);
    assertThat(c.producer().acks()).isEqualTo("1");
    assertThat(c.producer().compression()).isEqualTo(ProducerConfig.Compression.LZ4);
    assertThat(c.producer().linger()).isEqualTo(Duration.ofMillis(20));
    assertThat(c.producer().batchSize()).isEqualTo(DataSize.parse("512KiB"));
    assertThat(c.producer().bufferMemory()).isEqualTo(DataSize.ofMebibytes(64));
    assertThat(c.producer().maxBlock()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.producer().deliveryTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.allowedExporters()).isEmpty();
    assertThat(c.samplingOverrides()).isEmpty();
    assertThat(c.templates().maxPerExporter()).isEqualTo(1024);
    assertThat(c.templates().maxExporters()).isEqualTo(10_000);
    assertThat(c.templates().expiry()).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void shouldReadEveryKey() throws Exception {
    AgentConfig c = parse("""
        agent:
          http: {port: 9091}
          listeners:
            - protocol: ipfix
              address: 192.0.2.1
              port: 4740
              interface: lo
              sockets: 4
              receive_buffer: 32MiB
            - protocol: sflow
              address: "::1"
              port: 6344
          queue_capacity: 1000
          workers: 3
          producer:
            acks: all
            compression: zstd
            linger: 50ms
            batch_size: 1MiB
            buffer_memory: 128MiB
            max_block: 2s
            delivery_timeout: 1m
          allowed_exporters: [10.0.0.0/8, "2001:db8::/32"]
          sampling_overrides:
            - exporter: 10.1.0.0/16
              rate: ${RATE}
          templates: {max_per_exporter: 64, max_exporters: 100, expiry: 10m}
        """);
    assertThat(c.http().port()).isEqualTo(9091);
    assertThat(c.http().address()).isEqualTo("0.0.0.0");
    ListenerConfig l = c.listeners().get(0);
    assertThat(l.protocol()).isEqualTo(ListenerProtocol.IPFIX);
    assertThat(l.address()).isEqualTo("192.0.2.1");
    assertThat(l.port()).isEqualTo(4740);
    assertThat(l.interfaceName()).isEqualTo("lo");
    assertThat(l.sockets()).isEqualTo(4);
    assertThat(l.receiveBuffer()).isEqualTo(DataSize.ofMebibytes(32));
    assertThat(c.listeners().get(1).sockets()).isEqualTo(1);
    assertThat(c.queueCapacity()).isEqualTo(1000);
    assertThat(c.workers()).isEqualTo(3);
    assertThat(c.producer().acks()).isEqualTo("all");
    assertThat(c.producer().compression()).isEqualTo(ProducerConfig.Compression.ZSTD);
    assertThat(c.producer().linger()).isEqualTo(Duration.ofMillis(50));
    assertThat(c.producer().batchSize()).isEqualTo(DataSize.ofMebibytes(1));
    assertThat(c.producer().bufferMemory()).isEqualTo(DataSize.ofMebibytes(128));
    assertThat(c.producer().maxBlock()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.producer().deliveryTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.allowedExporters()).containsExactly(Cidr.parse("10.0.0.0/8"), Cidr.parse("2001:db8::/32"));
    assertThat(c.samplingOverrides()).singleElement().satisfies(o -> {
      assertThat(o.exporter()).isEqualTo(Cidr.parse("10.1.0.0/16"));
      assertThat(o.rate()).isEqualTo(512);
    });
    assertThat(c.templates().cacheConfig().maxTemplatesPerDomain()).isEqualTo(64);
    assertThat(c.templates().cacheConfig().maxDomains()).isEqualTo(100);
    assertThat(c.templates().cacheConfig().expiry()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void shouldTakeAnEmptyInterfaceAsNone() throws Exception {
    AgentConfig c = parse("agent:\n  listeners:\n    - {protocol: ipfix, port: 4739, interface: \"\"}\n");
    assertThat(c.listeners().get(0).interfaceName()).isNull();
  }

  @Test
  void shouldKeepProducerDefaultsWhenOnlySomeKeysAreGiven() throws Exception {
    AgentConfig c = parse("agent:\n  producer:\n    compression: none\n");
    assertThat(c.producer().compression()).isEqualTo(ProducerConfig.Compression.NONE);
    assertThat(c.producer().linger()).isEqualTo(Duration.ofMillis(20));
    assertThat(c.listeners()).hasSize(3);
  }

  @Test
  void shouldNameEveryBadValueByItsPath() {
    List<ConfigProblem> problems = problems("""
        agent:
          http: {port: 70000}
          listeners:
            - protocol: ipfix
              address: collector.example.com
              port: -1
              interface: "bad name!"
              sockets: 0
              receive_buffer: 1KiB
            - protocol: sflow
              address: 0.0.0.0
              port: 6343
            - protocol: sflow
              address: 0.0.0.0
              port: 6343
          queue_capacity: 1
          workers: 0
          producer:
            acks: some
            linger: 20s
            batch_size: 10
            buffer_memory: 100
            max_block: 2m
            delivery_timeout: 20ms
          allowed_exporters: [10.0.0.0/8, null]
          sampling_overrides:
            - rate: 0
          templates: {max_per_exporter: 0, max_exporters: 0, expiry: 0s}
        """);
    assertThat(problems).extracting(ConfigProblem::path).containsExactlyInAnyOrder(
        "agent.http.port",
        "agent.listeners[0].address",
        "agent.listeners[0].port",
        "agent.listeners[0].interface",
        "agent.listeners[0].sockets",
        "agent.listeners[0].receive_buffer",
        "agent.listeners[2].port",
        "agent.queue_capacity",
        "agent.workers",
        "agent.producer.acks",
        "agent.producer.linger",
        "agent.producer.batch_size",
        "agent.producer.buffer_memory",
        "agent.producer.max_block",
        "agent.producer.delivery_timeout",
        "agent.allowed_exporters[1]",
        "agent.sampling_overrides[0].exporter",
        "agent.sampling_overrides[0].rate",
        "agent.templates.max_per_exporter",
        "agent.templates.max_exporters",
        "agent.templates.expiry");
    assertThat(problems).filteredOn(p -> p.path().equals("agent.listeners[2].port")).singleElement()
        .extracting(ConfigProblem::message).asString().contains("another listener already uses 0.0.0.0 port 6343");
  }

  @Test
  void shouldRejectUnknownProtocolsAndKeys() {
    List<ConfigProblem> problems = problems("""
        agent:
          listeners:
            - protocol: netflow5
              port: 2055
              colour: blue
          producer:
            compression: brotli
          sampling_overrides:
            - exporter: not-a-cidr
              rate: 10
        """);
    assertThat(problems).extracting(ConfigProblem::path).contains(
        "agent.listeners[0].protocol", "agent.listeners[0].colour", "agent.producer.compression",
        "agent.sampling_overrides[0].exporter");
  }

  @Test
  void shouldRequireAtLeastOneListener() {
    assertThat(problems("agent:\n  listeners: []\n")).extracting(ConfigProblem::path).containsExactly("agent.listeners");
  }
}

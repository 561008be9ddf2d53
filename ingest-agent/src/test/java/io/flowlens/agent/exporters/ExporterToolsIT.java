package io.flowlens.agent.exporters;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.agent.IngestAgent;
import io.flowlens.agent.KafkaRecords;
import io.flowlens.agent.Scrape;
import io.flowlens.agent.TestConfigs;
import io.flowlens.decoders.testing.ExporterTools;
import io.flowlens.decoders.testing.GroundTruth;
import io.flowlens.decoders.testing.KnownTraffic;
import io.flowlens.kafka.embedded.EmbeddedKafka;
import io.flowlens.kafka.embedded.EmbeddedKafkaConfig;
import io.flowlens.schema.FlowRecord;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real third-party exporters against the running agent: softflowd (NetFlow v9 and IPFIX, over IPv4
 * and IPv6) and pmacctd's sfprobe (sFlow) export a pcap of known traffic that this test writes; the
 * records read back from Kafka must carry exactly the pcap's per-flow packets and bytes.
 *
 * <p>Needs Debian's softflowd and pmacct. Where they are missing the tests fail when {@code CI} is set
 * and report themselves as not run otherwise.
 */
class ExporterToolsIT {
  private static final KnownTraffic TRAFFIC = new KnownTraffic(36);

  @TempDir static Path kafkaDir;
  static EmbeddedKafka kafka;
  static int topics;

  @TempDir Path work;
  private PrometheusMeterRegistry registry;
  private IngestAgent agent;
  private String topic;

  @BeforeAll
  static void startKafka() {
    kafka = new EmbeddedKafka(EmbeddedKafkaConfig.forTests(""), kafkaDir);
    kafka.start();
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @AfterEach
  void stopAgent() {
    if (agent != null) {
      agent.close();
    }
  }

  private void startAgent(String protocol, String address) {
    topic = "tools-" + (++topics);
    kafka.createTopic(topic, 4);
    TestConfigs.Root config = TestConfigs.load("""
        kafka: {bootstrap_servers: "%s", topic: %s}
        agent:
          workers: 2
          producer: {linger: 5ms}
          listeners:
            - {protocol: %s, address: "%s", port: 0}
        """.formatted(kafka.bootstrapServers(), topic, protocol, address));
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    agent = new IngestAgent(config.agent(), config.kafka(), config.metrics(), registry);
    agent.start();
  }


  private List<FlowRecord> readBack(String protocolLabel) {
    return KafkaRecords.read(kafka.bootstrapServers(), topic,
        () -> (long) Scrape.sum(registry.scrape(), "flow_parsed_records_total", "protocol=\"" + protocolLabel + "\""),
        Duration.ofSeconds(90));
  }

  private void assertNothingDropped() {
    assertThat(Scrape.sum(registry.scrape(), "flow_dropped_records_total")).isZero();
  }

  private void softflowd(String version, String listenerProtocol, String address, String collector, String label)
      throws Exception {
    ExporterTools.require("softflowd");
    Path pcap = work.resolve("traffic.pcap");
    TRAFFIC.write(pcap, 0);
    startAgent(listenerProtocol, address);
    ExporterTools.softflowd(pcap, Integer.parseInt(version), collector + ":" + agent.boundPort(0), work);

    List<FlowRecord> records = readBack(label);
    assertThat(records).hasSize(TRAFFIC.flows().size());
    assertThat(GroundTruth.sum(records)).isEqualTo(TRAFFIC.totals(false));
    assertThat(Scrape.sum(registry.scrape(), "flow_parsed_records_total", "protocol=\"" + label + "\""))
        .isEqualTo(TRAFFIC.flows().size());
    assertNothingDropped();
  }

  @Test
  void shouldDeliverSoftflowdNetflow9FlowsExactly() throws Exception {
    softflowd("9", "netflow9", "127.0.0.1", "127.0.0.1", "netflow9");
  }

  @Test
  void shouldDeliverSoftflowdIpfixFlowsExactly() throws Exception {
    softflowd("10", "ipfix", "127.0.0.1", "127.0.0.1", "ipfix");
  }

  @Test
  void shouldDeliverSoftflowdIpfixFlowsExactlyOverIpv6() throws Exception {
    softflowd("10", "ipfix", "::1", "[::1]", "ipfix");
    assertThat(registry.scrape()).contains("exporter=\"::1\"");
  }

  @Test
  void shouldDeliverPmacctSflowSamplesExactly() throws Exception {
    ExporterTools.require("pmacctd");
    Path pcap = work.resolve("traffic.pcap");
    // sfprobe keeps its last, partly filled datagram: filler packets push every real sample out.
    TRAFFIC.write(pcap, 60);
    startAgent("sflow", "127.0.0.1");
    ExporterTools.pmacctdSflow(pcap, "127.0.0.1:" + agent.boundPort(0), work);

    List<FlowRecord> records = readBack("sflow");
    Map<String, GroundTruth.Totals> flows = GroundTruth.sum(records);
    flows.keySet().removeIf(k -> k.startsWith("192.0.2.1 9 > 192.0.2.2 9 "));
    assertThat(flows).isEqualTo(TRAFFIC.totals(true));
    assertThat(records).allSatisfy(r -> assertThat(r.getSamplingRate()).isEqualTo(1));
    assertNothingDropped();
  }
}

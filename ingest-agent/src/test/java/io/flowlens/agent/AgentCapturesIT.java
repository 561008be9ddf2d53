package io.flowlens.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.decoders.testing.GroundTruth;
import io.flowlens.decoders.testing.PcapReader;
import io.flowlens.decoders.testing.SharedTestdata;
import io.flowlens.decoders.testing.UdpDatagram;
import io.flowlens.schema.FlowRecord;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole agent against a real broker: the shared captures of softflowd (NetFlow v9, IPFIX) and
 * pmacct sfprobe (sFlow) replayed over UDP, read back from Kafka, and compared per flow with the
 * ground truth of the traffic they were made from.
 */
class AgentCapturesIT {
  @RegisterExtension static final RunningAgent agent = new RunningAgent("flows");

  private static void replay(List<UdpDatagram> datagrams, InetSocketAddress target) throws Exception {
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(target.getAddress(), 0))) {
      int sent = 0;
      for (UdpDatagram d : datagrams) {
        socket.send(new DatagramPacket(d.payload(), d.payload().length, target));
        if (++sent % 200 == 0) {
          Thread.sleep(5); // loopback is lossless as long as the receive buffer is not overrun
        }
      }
    }
  }

  private void assertMetrics(String protocol, int records) {
    String scrape = agent.scrape();
    assertThat(Scrape.sum(scrape, "flow_parsed_records_total", "protocol=\"" + protocol + "\"")).isEqualTo(records);
    assertThat(Scrape.sum(scrape, "flow_dropped_records_total")).isZero();
    assertThat(Scrape.sum(scrape, "flow_sequence_lost_total")).isZero();
    assertThat(Scrape.sum(scrape, "flow_received_packets_total", "protocol=\"" + protocol + "\"")).isPositive();
    assertThat(Scrape.sum(scrape, "flow_processing_duration_seconds_count")).isPositive();
    assertThat(scrape).contains("flow_worker_queue_length").contains("kafka_producer_");
  }

  private void shouldMatchTheGroundTruth(String capture, String listenerProtocol, String address, String protocolLabel)
      throws Exception {
    Path exporters = SharedTestdata.captures().resolve("exporters");
    agent.start(listenerProtocol, address);
    replay(PcapReader.read(exporters.resolve(capture)), new InetSocketAddress(InetAddress.getByName(address),
        agent.port()));

    List<FlowRecord> records = agent.readBack(protocolLabel);
    assertThat(records).hasSize(500);
    assertThat(GroundTruth.sum(records)).isEqualTo(GroundTruth.read(exporters.resolve("ground_truth.json"), false));
    assertMetrics(protocolLabel, 500);
  }

  @Test
  void shouldDeliverEverySoftflowdNetflow9FlowExactly() throws Exception {
    shouldMatchTheGroundTruth("export_netflow9.pcap", "netflow9", "127.0.0.1", "netflow9");
  }

  @Test
  void shouldDeliverEverySoftflowdIpfixFlowExactly() throws Exception {
    shouldMatchTheGroundTruth("export_ipfix.pcap", "ipfix", "127.0.0.1", "ipfix");
  }

  @Test
  void shouldDeliverEverySoftflowdIpfixFlowExactlyOverIpv6() throws Exception {
    shouldMatchTheGroundTruth("export_ipfix.pcap", "ipfix", "::1", "ipfix");
    assertThat(agent.scrape()).contains("exporter=\"::1\"");
  }

  @Test
  void shouldDeliverEveryPmacctSflowSampleExactly() throws Exception {
    Path exporters = SharedTestdata.captures().resolve("exporters");
    agent.start("sflow", "127.0.0.1");
    replay(PcapReader.read(exporters.resolve("export_sflow.pcap")), new InetSocketAddress("127.0.0.1", agent.port()));

    List<FlowRecord> records = agent.readBack("sflow");
    Map<String, GroundTruth.Totals> flows = GroundTruth.sum(records);
    String filler = GroundTruth.key(new byte[] {(byte) 192, 0, 2, 1}, 0, new byte[] {(byte) 192, 0, 2, 2}, 0, 0);
    flows.keySet().removeIf(k -> k.startsWith("192.0.2.1 ") && k.contains(" > 192.0.2.2 "));
    assertThat(flows).as("per-flow totals without the filler flow (%s)", filler)
        .isEqualTo(GroundTruth.read(exporters.resolve("ground_truth.json"), true));
    assertMetrics("sflow", records.size());
  }
}

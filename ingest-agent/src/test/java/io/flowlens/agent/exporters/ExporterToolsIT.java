package io.flowlens.agent.exporters;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.agent.RunningAgent;
import io.flowlens.agent.Scrape;
import io.flowlens.decoders.testing.ExporterTools;
import io.flowlens.decoders.testing.GroundTruth;
import io.flowlens.decoders.testing.KnownTraffic;
import io.flowlens.schema.FlowRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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

  @RegisterExtension static final RunningAgent agent = new RunningAgent("tools");

  @TempDir Path work;

  private void assertNothingDropped() {
    assertThat(Scrape.sum(agent.scrape(), "flow_dropped_records_total")).isZero();
  }

  private void softflowd(String version, String listenerProtocol, String address, String collector, String label)
      throws Exception {
    ExporterTools.require("softflowd");
    Path pcap = work.resolve("traffic.pcap");
    TRAFFIC.write(pcap, 0);
    agent.start(listenerProtocol, address);
    ExporterTools.softflowd(pcap, Integer.parseInt(version), collector + ":" + agent.port(), work);

    List<FlowRecord> records = agent.readBack(label);
    assertThat(records).hasSize(TRAFFIC.flows().size());
    assertThat(GroundTruth.sum(records)).isEqualTo(TRAFFIC.totals(false));
    assertThat(Scrape.sum(agent.scrape(), "flow_parsed_records_total", "protocol=\"" + label + "\""))
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
    assertThat(agent.scrape()).contains("exporter=\"::1\"");
  }

  @Test
  void shouldDeliverPmacctSflowSamplesExactly() throws Exception {
    ExporterTools.require("pmacctd");
    Path pcap = work.resolve("traffic.pcap");
    // sfprobe keeps its last, partly filled datagram: filler packets push every real sample out.
    TRAFFIC.write(pcap, 60);
    agent.start("sflow", "127.0.0.1");
    ExporterTools.pmacctdSflow(pcap, "127.0.0.1:" + agent.port(), work);

    List<FlowRecord> records = agent.readBack("sflow");
    Map<String, GroundTruth.Totals> flows = GroundTruth.sum(records);
    flows.keySet().removeIf(k -> k.startsWith("192.0.2.1 9 > 192.0.2.2 9 "));
    assertThat(flows).isEqualTo(TRAFFIC.totals(true));
    assertThat(records).allSatisfy(r -> assertThat(r.getSamplingRate()).isEqualTo(1));
    assertNothingDropped();
  }
}

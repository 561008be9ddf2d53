package io.flowlens.demo.encode;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.demo.model.RouterProfile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SflowEncoderTest {
  private static final byte[] AGENT = {10, (byte) 255, 0, 11};
  /** tshark recognises sFlow on its registered port without being told. */
  private static final int SFLOW_PORT = 6343;
  @TempDir Path tmp;

  private static SflowEncoder encoder(long samplingRate, int counterInterval) {
    return new SflowEncoder(RouterProfile.simulated(0, AGENT), samplingRate, TestFlows.BOOT, counterInterval, 1400);
  }

  @Test
  void shouldEncodeFlowSamplesWithRealPacketHeaders() throws Exception {
    EncodedDatagrams encoded = EncodedDatagrams.encode(encoder(256, 1000), new TestFlows.Cycle(TestFlows.all()), 1, 3);

    Map<String, List<String>> p = encoded.dissect(tmp, SFLOW_PORT).get(0);
    assertThat(p.get("sflow_245.version")).containsExactly("5");
    assertThat(p.get("sflow_245.agent")).containsExactly("10.255.0.11");
    assertThat(p.get("sflow_245.sysuptime")).containsExactly("259200000");
    // three flow samples and the counter sample of the first datagram
    assertThat(p.get("sflow_245.numsamples")).containsExactly("4");
    assertThat(p.get("sflow_245.sampletype")).containsExactly("1", "1", "1", "2");
    assertThat(p.get("sflow.flow_sample.sampling_rate")).containsExactly("256", "256", "256");
    assertThat(p.get("sflow.flow_sample.sample_pool")).containsExactly("256", "256", "256");
    assertThat(p.get("sflow.flow_sample.input_interface")).containsExactly("10", "2", "11");
    assertThat(p.get("sflow.flow_sample.output_interface_value")).containsExactly("1", "10", "1");
    assertThat(p.get("sflow_245.header_protocol")).containsExactly("1", "1", "1");
    // mean IP packet size + Ethernet (+ 802.1Q) + FCS: 1234+18+4, 156+14+4, 84+18+4
    assertThat(p.get("sflow_245.header.frame_length")).containsExactly("1256", "174", "106");
    assertThat(p.get("sflow_245.header.sampled_header_length")).containsExactly("58", "62", "46");
    assertThat(p.get("vlan.id")).containsExactly("10", "20");
    // the outer UDP/IPv4 framing of the capture comes first
    assertThat(p.get("ip.src")).containsExactly("192.0.2.1", "10.1.2.3", "192.168.1.7");
    assertThat(p.get("ip.dst")).containsExactly("192.0.2.2", "8.8.8.8", "9.9.9.9");
    assertThat(p.get("ip.proto")).containsExactly("17", "6", "1");
    assertThat(p.get("ip.dsfield")).containsExactly("0x00", "0x10", "0x00");
    assertThat(p.get("ip.checksum.status")).as("IPv4 header checksums are correct").containsOnly("2");
    assertThat(p.get("ipv6.src")).containsExactly("2606:4700:4700::1111");
    assertThat(p.get("ipv6.dst")).containsExactly("fd00:1:1::5");
    assertThat(p.get("tcp.srcport")).containsExactly("51000");
    assertThat(p.get("tcp.dstport")).containsExactly("443");
    assertThat(p.get("udp.srcport")).containsExactly("40000", "53");
    assertThat(p.get("udp.dstport")).containsExactly("6343", "40000");
    assertThat(p.get("icmp.type")).containsExactly("8");
    assertThat(p.get("icmp.code")).containsExactly("0");
    assertThat(p).doesNotContainKey("_ws.malformed");
  }

  @Test
  void shouldSendGenericInterfaceCountersThatAddUpTheSampledTraffic() throws Exception {
    // counters in datagrams 0 and 2: uplink-a (ifIndex 1), then uplink-b (ifIndex 2)
    EncodedDatagrams encoded = EncodedDatagrams.encode(encoder(100, 2), new TestFlows.Cycle(TestFlows.all()), 3, 3);

    List<Map<String, List<String>>> packets = encoded.dissect(tmp, SFLOW_PORT);
    assertThat(packets.get(0).get("sflow_245.ifindex")).containsExactly("1");
    assertThat(packets.get(0).get("sflow_245.ifspeed")).containsExactly("10000000000");
    // two flows out of uplink 1 so far: (1256 + 106) bytes x 100
    assertThat(packets.get(0).get("sflow_245.ifoutoct")).containsExactly("136200");
    assertThat(packets.get(0).get("sflow_245.ifoutpkt")).containsExactly("200");
    assertThat(packets.get(1)).doesNotContainKey("sflow_245.ifindex");
    assertThat(packets.get(2).get("sflow_245.ifindex")).containsExactly("2");
    // three flows in on uplink 2 by then: 174 bytes x 100 each
    assertThat(packets.get(2).get("sflow_245.ifinoct")).containsExactly("52200");
    assertThat(packets.get(2).get("sflow.counters_sample.sequence_number")).containsExactly("1");
  }

  @Test
  void shouldNumberDatagramsPerAgentAndFlowSamplesPerSource() throws Exception {
    EncodedDatagrams encoded = EncodedDatagrams.encode(encoder(1, 1000), new TestFlows.Cycle(TestFlows.all()), 4, 3);

    List<String> sequences = new ArrayList<>();
    List<String> sampleSequences = new ArrayList<>();
    for (Map<String, List<String>> p : encoded.dissect(tmp, SFLOW_PORT)) {
      sequences.addAll(p.get("sflow_245.sequence_number"));
      sampleSequences.addAll(p.get("sflow.flow_sample.sequence_number"));
    }
    assertThat(sequences).containsExactly("1", "2", "3", "4");
    assertThat(sampleSequences).containsExactly("1", "1", "1", "2", "2", "2", "3", "3", "3", "4", "4", "4");
  }

  @Test
  void shouldKeepDatagramsWithinTheLimitAndLoseNoFlow() {
    TestFlows.Cycle source = new TestFlows.Cycle(TestFlows.all());
    EncodedDatagrams encoded = EncodedDatagrams.encode(encoder(64, 3), source, 9, 1000);

    for (int i = 0; i < 9; i++) {
      ByteBuffer d = encoded.get(i);
      assertThat(d.remaining()).isLessThanOrEqualTo(1400).isGreaterThan(1400 - 144 - SflowEncoder.COUNTER_SAMPLE_LENGTH);
      int samples = d.getInt(24);
      int pos = SflowEncoder.HEADER_LENGTH;
      for (int s = 0; s < samples; s++) {
        pos += 8 + d.getInt(pos + 4);
      }
      assertThat(pos).isEqualTo(d.limit());
      assertThat(samples).isEqualTo(encoded.flowCounts.get(i) + (i % 3 == 0 ? 1 : 0));
    }
    assertThat(source.drawn - encoded.totalFlows()).isBetween(0, 1);
  }
}

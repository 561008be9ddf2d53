package io.flowlens.demo.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetflowV9EncoderTest {
  private static final int PORT = 2055;
  @TempDir Path tmp;

  @Test
  void shouldEncodeEveryFieldAsTsharkReadsIt() throws Exception {
    NetflowV9Encoder encoder = new NetflowV9Encoder(101, 1, TestFlows.BOOT, 20, 1400);
    EncodedDatagrams encoded = EncodedDatagrams.encode(encoder, new TestFlows.Cycle(TestFlows.all()), 1, 3);

    Map<String, List<String>> p = encoded.dissectAsCflow(tmp, PORT).get(0);
    assertThat(p.get("cflow.version")).containsExactly("9");
    assertThat(p.get("cflow.source_id")).containsExactly("101");
    // 2 template records + 3 data records
    assertThat(p.get("cflow.count")).containsExactly("5");
    assertThat(p.get("cflow.unix_secs")).containsExactly(String.valueOf(TestFlows.NOW / 1000));
    assertThat(p.get("cflow.sysuptime")).containsExactly("259200.000000000");
    assertThat(p.get("cflow.template_id")).containsExactly("256", "257");
    TestFlows.assertCflowRecords(p);
    assertThat(p.get("cflow.tcpflags")).containsExactly("0x1b", "0x00", "0x00");
    // FIRST/LAST_SWITCHED are sysUptime-relative: the router booted 3 days (259,200 s) before NOW.
    assertThat(p.get("cflow.timestart")).containsExactly("259196.000000000", "259197.000000000", "259199.000000000");
    assertThat(p.get("cflow.timeend")).containsExactly("259199.750000000", "259199.990000000", "259199.100000000");
    assertThat(p).doesNotContainKeys("cflow.sampling_interval", "cflow.sampler_id", "_ws.expert");
  }

  @Test
  void shouldAnnounceSamplingWithOptionsTemplateAndSamplerIdPerRecord() throws Exception {
    NetflowV9Encoder encoder = new NetflowV9Encoder(102, 512, TestFlows.BOOT, 20, 1400);
    EncodedDatagrams encoded = EncodedDatagrams.encode(encoder, new TestFlows.Cycle(TestFlows.all()), 1, 3);

    Map<String, List<String>> p = encoded.dissectAsCflow(tmp, PORT).get(0);
    assertThat(p.get("cflow.flowset_id")).containsExactly("0", "1", "258", "256", "257");
    assertThat(p.get("cflow.template_id")).containsExactly("256", "257", "258");
    assertThat(p.get("cflow.scope_system")).containsExactly("00:00:00:66");
    assertThat(p.get("cflow.sampling_interval")).containsExactly("512");
    assertThat(p.get("cflow.sampler_random_interval")).containsExactly("512");
    assertThat(p.get("cflow.sampling_algorithm")).containsExactly("2");
    // one sampler id in the options record, one in each of the three flow records
    assertThat(p.get("cflow.sampler_id")).containsExactly("1", "1", "1", "1");
    assertThat(p.get("cflow.count")).containsExactly("7");
    assertThat(p.get("cflow.octets")).containsExactly("123456", "336", "312");
  }

  @Test
  void shouldResendTemplatesInTheFirstAndEveryNthPacket() throws Exception {
    NetflowV9Encoder encoder = new NetflowV9Encoder(101, 1, TestFlows.BOOT, 3, 1400);
    EncodedDatagrams encoded = EncodedDatagrams.encode(encoder, new TestFlows.Cycle(TestFlows.all()), 7, 3);

    List<Map<String, List<String>>> packets = encoded.dissectAsCflow(tmp, PORT);
    List<Integer> withTemplates = new ArrayList<>();
    for (int i = 0; i < packets.size(); i++) {
      if (packets.get(i).containsKey("cflow.template_id")) {
        withTemplates.add(i);
      }
      // tshark decodes every packet's data with the templates it has seen
      assertThat(packets.get(i).get("cflow.octets")).containsExactly("123456", "336", "312");
    }
    assertThat(withTemplates).containsExactly(0, 3, 6);
    assertThat(encoded.get(1).getShort(2)).as("count without templates").isEqualTo((short) 3);
  }

  @Test
  void shouldNumberPacketsOnePerDatagram() {
    NetflowV9Encoder encoder = new NetflowV9Encoder(101, 1, TestFlows.BOOT, 20, 1400);
    EncodedDatagrams encoded = EncodedDatagrams.encode(encoder, new TestFlows.Cycle(TestFlows.all()), 5, 40);

    for (int i = 0; i < 5; i++) {
      assertThat(encoded.get(i).getInt(12)).isEqualTo(i);
    }
  }

  @Test
  void shouldPadEveryFlowSetToFourBytesAndFillDatagramsUpToTheLimit() {
    NetflowV9Encoder encoder = new NetflowV9Encoder(101, 64, TestFlows.BOOT, 4, 1400);
    TestFlows.Cycle source = new TestFlows.Cycle(TestFlows.all());
    EncodedDatagrams encoded = EncodedDatagrams.encode(encoder, source, 12, 1000);

    for (int i = 0; i < 12; i++) {
      ByteBuffer d = encoded.get(i);
      assertThat(d.remaining()).isLessThanOrEqualTo(1400).isGreaterThan(1400 - 99 - 8);
      int records = 0;
      int pos = NetflowV9Encoder.HEADER_LENGTH;
      while (pos < d.limit()) {
        int id = d.getShort(pos) & 0xFFFF;
        int length = d.getShort(pos + 2) & 0xFFFF;
        assertThat(length % 4).as("flowset %d length %d", id, length).isZero();
        if (id == FlowSets.IPV4_TEMPLATE_ID) {
          records += (length - 4) / 63;
        } else if (id == FlowSets.IPV6_TEMPLATE_ID) {
          records += (length - 4) / 99;
        }
        pos += length;
      }
      assertThat(pos).isEqualTo(d.limit());
      assertThat(records).isEqualTo(encoded.flowCounts.get(i));
    }
    // every flow drawn went out, except at most one carried over to the next datagram
    assertThat(source.drawn - encoded.totalFlows()).isBetween(0, 1);
  }

  @Test
  void shouldHonourMaxFlowsAndRejectDatagramsTooSmallForTemplates() {
    NetflowV9Encoder encoder = new NetflowV9Encoder(101, 1, TestFlows.BOOT, 20, 1400);
    EncodedDatagrams encoded = EncodedDatagrams.encode(encoder, new TestFlows.Cycle(TestFlows.all()), 2, 2);
    assertThat(encoded.flowCounts).containsExactly(2, 2);
    assertThat(encoder.maxFlowsPerDatagram()).isEqualTo((1400 - 24) / 62);

    assertThatThrownBy(() -> new NetflowV9Encoder(1, 1, 0, 20, 200))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxDatagramBytes 200");
  }
}

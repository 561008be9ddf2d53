package io.flowlens.demo.encode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IpfixEncoderTest {
  private static final int PORT = 4739;
  @TempDir Path tmp;

  @Test
  void shouldEncodeEveryFieldAsTsharkReadsIt() throws Exception {
    IpfixEncoder encoder = new IpfixEncoder(101, 1, 20, 1400);
    EncodedDatagrams encoded = EncodedDatagrams.encode(encoder, new TestFlows.Cycle(TestFlows.all()), 1, 3);

    Map<String, List<String>> p = encoded.dissectAsCflow(tmp, PORT).get(0);
    assertThat(p.get("cflow.version")).containsExactly("10");
    assertThat(p.get("cflow.len")).containsExactly(String.valueOf(encoded.datagrams.get(0).length));
    assertThat(p.get("cflow.od_id")).containsExactly("101");
    assertThat(p.get("cflow.exporttime")).containsExactly(String.valueOf(TestFlows.NOW / 1000));
    assertThat(p.get("cflow.flowset_id")).containsExactly("2", "256", "257");
    assertThat(p.get("cflow.template_id")).containsExactly("256", "257");
    TestFlows.assertCflowRecords(p);
    assertThat(p.get("cflow.tcpflags")).containsExactly("0x001b", "0x0000", "0x0000");
    assertThat(p.get("cflow.abstimestart")).containsExactly(
        "Nov 14, 2023 22:13:16.123000000 UTC", "Nov 14, 2023 22:13:17.123000000 UTC", "Nov 14, 2023 22:13:19.123000000 UTC");
    assertThat(p.get("cflow.abstimeend")).containsExactly(
        "Nov 14, 2023 22:13:19.873000000 UTC", "Nov 14, 2023 22:13:20.113000000 UTC", "Nov 14, 2023 22:13:19.223000000 UTC");
    assertThat(p).doesNotContainKeys("cflow.sampling_interval", "_ws.expert");
  }

  @Test
  void shouldAnnounceSamplingWithAnOptionsRecord() throws Exception {
    IpfixEncoder encoder = new IpfixEncoder(103, 1000, 20, 1400);
    EncodedDatagrams encoded = EncodedDatagrams.encode(encoder, new TestFlows.Cycle(TestFlows.all()), 1, 3);

    Map<String, List<String>> p = encoded.dissectAsCflow(tmp, PORT).get(0);
    assertThat(p.get("cflow.flowset_id")).containsExactly("2", "3", "258", "256", "257");
    assertThat(p.get("cflow.template_ipfix_scope_field_count")).containsExactly("1");
    // the header's domain, then the options record's scope
    assertThat(p.get("cflow.od_id")).containsExactly("103", "103");
    assertThat(p.get("cflow.sampling_interval")).containsExactly("1000");
    assertThat(p.get("cflow.sampling_packet_interval")).containsExactly("1");
    assertThat(p.get("cflow.sampling_packet_space")).containsExactly("999");
    assertThat(p.get("cflow.selector_algorithm")).containsExactly("1");
    assertThat(p.get("cflow.octets")).containsExactly("123456", "336", "312");
  }

  @Test
  void shouldResendTemplatesAndCountDataRecordsInTheSequenceNumber() throws Exception {
    IpfixEncoder encoder = new IpfixEncoder(101, 10, 3, 1400);
    EncodedDatagrams encoded = EncodedDatagrams.encode(encoder, new TestFlows.Cycle(TestFlows.all()), 7, 3);

    List<Map<String, List<String>>> packets = encoded.dissectAsCflow(tmp, PORT);
    List<Integer> withTemplates = new ArrayList<>();
    List<String> sequences = new ArrayList<>();
    for (int i = 0; i < packets.size(); i++) {
      Map<String, List<String>> p = packets.get(i);
      if (p.containsKey("cflow.template_id")) {
        withTemplates.add(i);
      }
      sequences.addAll(p.get("cflow.sequence"));
      assertThat(p.get("cflow.octets")).containsExactly("123456", "336", "312");
    }
    assertThat(withTemplates).containsExactly(0, 3, 6);
    // 3 flow records per message, plus the options record that travels with each template resend
    assertThat(sequences).containsExactly("0", "4", "7", "10", "14", "17", "20");
  }

  @Test
  void shouldKeepMessagesWithinTheLimitAndLoseNoFlow() {
    IpfixEncoder encoder = new IpfixEncoder(101, 1, 5, 1400);
    TestFlows.Cycle source = new TestFlows.Cycle(TestFlows.all());
    EncodedDatagrams encoded = EncodedDatagrams.encode(encoder, source, 10, 1000);

    long sequence = 0;
    for (int i = 0; i < 10; i++) {
      ByteBuffer d = encoded.get(i);
      assertThat(d.remaining()).isLessThanOrEqualTo(1400).isGreaterThan(1400 - 107 - 4);
      assertThat(d.getShort(2) & 0xFFFF).isEqualTo(d.remaining());
      assertThat(Integer.toUnsignedLong(d.getInt(8))).isEqualTo(sequence);
      sequence += encoded.flowCounts.get(i);
    }
    assertThat(source.drawn - encoded.totalFlows()).isBetween(0, 1);
  }
}

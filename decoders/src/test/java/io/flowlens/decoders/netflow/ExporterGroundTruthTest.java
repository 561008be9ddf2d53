package io.flowlens.decoders.netflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowlens.decoders.DecodeResult;
import io.flowlens.decoders.DropReason;
import io.flowlens.decoders.NetflowDecoder;
import io.flowlens.decoders.template.TemplateCache;
import io.flowlens.decoders.testing.PcapReader;
import io.flowlens.decoders.testing.SharedTestdata;
import io.flowlens.decoders.testing.UdpDatagram;
import io.flowlens.schema.AddressText;
import io.flowlens.schema.FlowRecord;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real exporters (softflowd, pmacct) ran over known traffic: per (src, dst, proto, ports, ICMP type
 * and code) the decoded bytes and packets must equal {@code ground_truth.json} exactly, with ICMP
 * normalised (ports 0, type and code set).
 */
class ExporterGroundTruthTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Totals per flow key: {bytes, packets}. */
  private static Map<String, long[]> groundTruth() throws IOException {
    JsonNode flows = JSON.readTree(SharedTestdata.captures().resolve("exporters/ground_truth.json").toFile()).get("flows");
    Map<String, long[]> totals = new TreeMap<>();
    for (JsonNode f : flows) {
      String key = key(address(f.get("src").asText()), address(f.get("dst").asText()), f.get("proto").asInt(),
          f.get("sport").asInt(), f.get("dport").asInt(), f.path("icmp_type").asInt(0), f.path("icmp_code").asInt(0));
      long[] t = totals.computeIfAbsent(key, k -> new long[2]);
      t[0] += f.get("bytes").asLong();
      t[1] += f.get("packets").asLong();
    }
    return totals;
  }

  static List<FlowRecord> decode(String capture) throws IOException {
    List<UdpDatagram> datagrams = PcapReader.read(SharedTestdata.captures().resolve("exporters").resolve(capture));
    NetflowDecoder decoder = new NetflowDecoder(new TemplateCache());
    List<FlowRecord> flows = new ArrayList<>();
    for (UdpDatagram d : datagrams) {
      DecodeResult r = decoder.decode(Unpooled.wrappedBuffer(d.payload()), d.source());
      assertThat(r.drops()).as(capture + " " + d + ": " + r.malformedDetail()).doesNotContainKeys(DropReason.MALFORMED);
      flows.addAll(r.flows());
    }
    return flows;
  }

  private static Map<String, long[]> totals(List<FlowRecord> flows) {
    Map<String, long[]> totals = new TreeMap<>();
    for (FlowRecord r : flows) {
      String key = key(AddressText.format(bytes(r.getSrcAddr())), AddressText.format(bytes(r.getDstAddr())), r.getProto(),
          r.getSrcPort(), r.getDstPort(), r.getIcmpType(), r.getIcmpCode());
      long[] t = totals.computeIfAbsent(key, k -> new long[2]);
      t[0] += r.getBytes();
      t[1] += r.getPackets();
    }
    return totals;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"export_netflow9.pcap", "export_ipfix.pcap", "export_netflow9_pmacct.pcap", "export_ipfix_pmacct.pcap"})
  void shouldSumToTheGroundTruthExactly(String capture) throws IOException {
    Map<String, long[]> expected = groundTruth();
    Map<String, long[]> actual = totals(decode(capture));
    assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    for (Map.Entry<String, long[]> e : expected.entrySet()) {
      assertThat(actual.get(e.getKey())).as(capture + " " + e.getKey() + " {bytes, packets}").containsExactly(e.getValue());
    }
  }

  /**
   * softflowd {@code -s 10} samples one packet in ten. Every record must carry rate 10. Scaled
   * totals are compared per protocol (TCP, UDP, ICMP, ICMPv6) and overall: with n sampled packets
   * out of N, the scaled packet count 10 n is within 10 * (number of flows) of N when each flow is
   * sampled systematically (at most one period lost per flow), and the scaled bytes are within the
   * same relative error plus 5 % for the spread of packet sizes among the packets sampled.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"export_netflow9_s10.pcap", "export_ipfix_s10.pcap"})
  void shouldCarryTheSamplingRateAndScaleToTheGroundTruth(String capture) throws IOException {
    List<FlowRecord> flows = decode(capture);
    assertThat(flows).isNotEmpty().allSatisfy(r -> assertThat(r.getSamplingRate()).isEqualTo(10));
    JsonNode truth = JSON.readTree(SharedTestdata.captures().resolve("exporters/ground_truth.json").toFile());
    for (Map.Entry<String, JsonNode> p : iterable(truth.get("meta").get("by_proto"))) {
      int proto = Integer.parseInt(p.getKey());
      long packets = 0;
      long bytes = 0;
      for (FlowRecord r : flows) {
        if (r.getProto() == proto) {
          packets += r.getPackets() * r.getSamplingRate();
          bytes += r.getBytes() * r.getSamplingRate();
        }
      }
      long truePackets = p.getValue().get("packets").asLong();
      long trueBytes = p.getValue().get("bytes").asLong();
      long flowCount = p.getValue().get("flows").asLong();
      assertThat(packets).as(capture + " proto " + proto + " scaled packets").isCloseTo(truePackets, within(10 * flowCount));
      double packetError = 10.0 * flowCount / truePackets;
      assertThat((double) bytes).as(capture + " proto " + proto + " scaled bytes")
          .isCloseTo(trueBytes, within(trueBytes * (packetError + 0.05)));
    }
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
    return object::fields;
  }

  private static String key(String src, String dst, int proto, int sport, int dport, int icmpType, int icmpCode) {
    return src + " > " + dst + " proto " + proto + " " + sport + " > " + dport + " icmp " + icmpType + "/" + icmpCode;
  }

  private static String address(String text) {
    try {
      return AddressText.format(InetAddress.getByName(text).getAddress());
    } catch (IOException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    return a;
  }
}

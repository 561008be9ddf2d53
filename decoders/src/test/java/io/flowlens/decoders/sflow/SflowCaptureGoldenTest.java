package io.flowlens.decoders.sflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowlens.decoders.DecodeResult;
import io.flowlens.decoders.testing.PcapReader;
import io.flowlens.decoders.testing.SharedTestdata;
import io.flowlens.decoders.testing.UdpDatagram;
import io.flowlens.schema.AddressText;
import io.flowlens.schema.FlowRecord;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sFlow capture of the shared test data, decoded and compared with what tshark dissected from
 * it ({@code X.expected.json}, see testdata/README.md): per datagram the number of flow and counter
 * samples, per flow sample the sample fields and what tshark dissected from the sampled header.
 *
 * <p>Where the record means something else than tshark's field, the comparison translates, and says
 * why at that place:
 * <ul>
 *   <li>Interfaces: tshark shows the raw interface word (format and value); the record holds an
 *       ifIndex or 0. Format 1 (discarded: akvorado-data-discard-interface), format 2 (multiple
 *       interfaces: akvorado-data-multiple-interfaces) and the value 0x3FFFFFFF (the agent itself:
 *       akvorado-data-local-interface, -encap-vxlan, -icmpv4, -icmpv6) have no single ifIndex and
 *       are 0 in the record, where tshark shows 0x40000001, 0x80000007 and 1073741823.
 *   <li>VLAN: tshark's {@code vlan.id} is the first (outer-most) tag of the header; its
 *       {@code sflow_245.vlan.in/out} are the extended switch record's words, where 0xFFFFFFFF (seen
 *       in akvorado-data-1140) is no VLAN id; the record keeps the extended switch VLANs when they are
 *       valid ids (1..4095) and falls back to the header's tag for src_vlan.
 *   <li>TCP flags: tshark shows 12 bits (with NS and the reserved bits); the record holds the 8-bit
 *       flags byte, as NetFlow does.
 *   <li>VXLAN (akvorado-data-encap-vxlan): tshark dissects on into the VXLAN payload, but the first
 *       {@code ip.*}/{@code udp.*} fields it shows (which the expectation keeps) are the outer ones,
 *       and so are the record's: a collector reports the packet that crossed the interface, not
 *       what it tunnels. The test checks that the ports are the outer UDP 4789.
 *   <li>Protocol of IPv6: tshark's {@code ipv6.nxt} is the first next header; the record's proto is
 *       the transport after extension headers. The captures carry no extension headers, so they
 *       agree here; the header parser tests cover the difference.
 * </ul>
 */
class SflowCaptureGoldenTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Where tshark's expectation is wrong for the record, what is right instead, and why. */
  record Disagreement(Object tshark, Object right, String why) {}

  private static final Map<String, Disagreement> DISAGREEMENTS = Map.of(
      "akvorado-data-qinq datagram 1 sample 1 src vlan",
      new Disagreement(1493, 1062,
          "the header is tagged 802.1Q 1062 then 802.1Q 1493 (tshark -V shows both); tshark's JSON repeats"
              + " the key \"vlan\" and the expectation tool's JSON reader keeps the last, the inner tag. The"
              + " record's src_vlan is the outer-most tag, the one the frame carried on the wire"),
      "akvorado-data-1140 datagram 1 sample 2 next hop",
      new Disagreement("0.0.0.0", "45.90.161.46",
          "the sample has an extended gateway record (next hop 0.0.0.0) before an extended router record"
              + " (next hop 45.90.161.46) and tshark names both fields sflow_245.nexthop, of which the"
              + " expectation keeps the first. The record takes the router's next hop, the IP next hop the"
              + " packet was forwarded to; the gateway's is the BGP next hop, unset here"));
  private final SflowDecoder decoder = new SflowDecoder();

  /**
   * The capture names; where the shared test data is absent, one case that reports (through the
   * assumption in the test) that the captures were not compared, rather than no case at all.
   */
  static Stream<String> captures() throws IOException {
    if (SharedTestdata.dir().isEmpty()) {
      return Stream.of(SharedTestdata.MISSING);
    }
    Path dir = SharedTestdata.dir().orElseThrow().resolve("captures").resolve("sflow");
    try (Stream<Path> files = Files.list(dir)) {
      List<String> names = files.map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".pcap"))
          .map(n -> n.substring(0, n.length() - ".pcap".length()))
          .sorted()
          .toList();
      assertThat(names).as("sFlow captures in %s", dir).isNotEmpty();
      return names.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void decodesLikeTshark(String capture) throws IOException {
    Path dir = SharedTestdata.captures().resolve("sflow");
    List<UdpDatagram> datagrams = PcapReader.read(dir.resolve(capture + ".pcap"));
    JsonNode expected = JSON.readTree(dir.resolve(capture + ".expected.json").toFile()).get("datagrams");
    assertThat(datagrams).hasSize(expected.size());

    SoftAssertions softly = new SoftAssertions();
    for (int i = 0; i < datagrams.size(); i++) {
      UdpDatagram datagram = datagrams.get(i);
      JsonNode exp = expected.get(i);
      DecodeResult result = decoder.decode(Unpooled.wrappedBuffer(datagram.payload()), datagram.source());
      String where = capture + " datagram " + (i + 1);
      softly.assertThat(result.drops()).as(where + " drops").isEmpty();
      softly.assertThat(result.counterSamples()).as(where + " counter samples").isEqualTo(exp.get("counter_samples").asInt());
      JsonNode records = exp.get("records");
      softly.assertThat(result.flows()).as(where + " flow samples").hasSize(records.size());
      for (int s = 0; s < Math.min(records.size(), result.flows().size()); s++) {
        compare(softly, where + " sample " + (s + 1), exp.get("agent").asText(), records.get(s), result.flows().get(s));
      }
    }
    softly.assertAll();
  }

  private static void compare(SoftAssertions softly, String where, String agent, JsonNode exp, FlowRecord flow) {
    check(softly, where + " agent", text(flow.getExporterAddress()), canonical(agent));
    check(softly, where + " sequence", flow.getSequenceNumber(), exp.get("sflow.flow_sample.sequence_number").asLong());
    check(softly, where + " sampling rate", flow.getSamplingRate(), exp.get("sflow.flow_sample.sampling_rate").asLong());
    check(softly, where + " bytes = frame_length", flow.getBytes(), exp.get("sflow_245.header.frame_length").asLong());
    check(softly, where + " packets", flow.getPackets(), 1L);

    check(softly, where + " in_if", flow.getInIf(), expectedInIf(exp));
    check(softly, where + " out_if", flow.getOutIf(), expectedOutIf(exp));

    boolean v4 = exp.has("ip.src");
    check(softly, where + " src", text(flow.getSrcAddr()), canonical(field(exp, v4 ? "ip.src" : "ipv6.src")));
    check(softly, where + " dst", text(flow.getDstAddr()), canonical(field(exp, v4 ? "ip.dst" : "ipv6.dst")));
    check(softly, where + " proto", flow.getProto(), Integer.parseInt(field(exp, v4 ? "ip.proto" : "ipv6.nxt")));
    check(softly, where + " etype", flow.getEtype(), v4 ? 0x0800 : 0x86DD);

    String transport = exp.has("tcp.srcport") ? "tcp" : exp.has("udp.srcport") ? "udp" : null;
    int srcPort = transport == null ? 0 : exp.get(transport + ".srcport").asInt();
    int dstPort = transport == null ? 0 : exp.get(transport + ".dstport").asInt();
    check(softly, where + " src port", flow.getSrcPort(), srcPort);
    check(softly, where + " dst port", flow.getDstPort(), dstPort);
    if (exp.has("tcp.flags")) {
      check(softly, where + " tcp flags (low 8 of tshark's 12 bits)", flow.getTcpFlags(), Integer.decode(exp.get("tcp.flags").asText()) & 0xFF);
    }
    String icmp = exp.has("icmp.type") ? "icmp" : exp.has("icmpv6.type") ? "icmpv6" : null;
    check(softly, where + " icmp type", flow.getIcmpType(), icmp == null ? 0 : exp.get(icmp + ".type").asInt());
    check(softly, where + " icmp code", flow.getIcmpCode(), icmp == null ? 0 : exp.get(icmp + ".code").asInt());

    if (exp.has("eth.src")) {
      check(softly, where + " src mac", flow.getSrcMac(), mac(exp.get("eth.src").asText()));
      check(softly, where + " dst mac", flow.getDstMac(), mac(exp.get("eth.dst").asText()));
    }
    check(softly, where + " src vlan", flow.getSrcVlan(), expectedSrcVlan(exp));
    check(softly, where + " dst vlan", flow.getDstVlan(), validVlan(exp, "sflow_245.vlan.out"));

    if (exp.has("sflow_245.nexthop.src_mask")) {
      check(softly, where + " src mask", flow.getSrcPrefixLen(), exp.get("sflow_245.nexthop.src_mask").asInt());
      check(softly, where + " dst mask", flow.getDstPrefixLen(), exp.get("sflow_245.nexthop.dst_mask").asInt());
      check(softly, where + " next hop", text(flow.getNextHop()), canonical(exp.get("sflow_245.nexthop").asText()));
    }
    if (exp.has("sflow_245.as")) {
      check(softly, where + " src as", flow.getSrcAs(), exp.get("sflow_245.srcAS").asLong());
      // An empty destination path means the destination is in the router's own AS.
      long dstAs = exp.get("sflow_245.dstASentries").asInt() > 0 ? exp.get("sflow_245.dstAS").asLong() : exp.get("sflow_245.as").asLong();
      check(softly, where + " dst as", flow.getDstAs(), dstAs);
    }
  }

  /**
   * tshark shows the compact input word as one number; the expanded form as format and value. The
   * record keeps an ifIndex and has 0 for the agent itself (0x3FFFFFFF) and other formats.
   */
  /**
   * Compares {@code actual} with tshark's value, or, where this test records a disagreement with
   * tshark under {@code what}, with the value the disagreement says is right.
   */
  private static void check(SoftAssertions softly, String what, Object actual, Object tshark) {
    Disagreement disagreement = DISAGREEMENTS.get(what);
    if (disagreement == null) {
      softly.assertThat(actual).as(what).isEqualTo(tshark);
    } else {
      softly.assertThat(tshark).as(what + ": tshark still shows what the disagreement says").isEqualTo(disagreement.tshark());
      softly.assertThat(actual).as(what + " (tshark disagrees: " + disagreement.why() + ")").isEqualTo(disagreement.right());
    }
  }

  private static long expectedInIf(JsonNode exp) {
    if (exp.has("sflow.flow_sample.input_interface")) {
      long word = exp.get("sflow.flow_sample.input_interface").asLong();
      return ifIndex(word >>> 30, word & 0x3FFFFFFFL);
    }
    return ifIndex(exp.get("sflow.flow_sample.input_interface_format").asLong(),
        exp.get("sflow.flow_sample.input_interface_value").asLong());
  }

  private static long expectedOutIf(JsonNode exp) {
    // tshark names the expanded output format field "output_interface.format", the compact one
    // "output_interface_format".
    JsonNode format = exp.has("sflow.flow_sample.output_interface_format")
        ? exp.get("sflow.flow_sample.output_interface_format")
        : exp.get("sflow.flow_sample.output_interface.format");
    return ifIndex(format.asLong(), exp.get("sflow.flow_sample.output_interface_value").asLong());
  }

  private static long ifIndex(long format, long value) {
    return format == 0 && value != 0x3FFFFFFFL ? value : 0;
  }

  private static int expectedSrcVlan(JsonNode exp) {
    int fromSwitch = validVlan(exp, "sflow_245.vlan.in");
    if (fromSwitch != 0) {
      return fromSwitch;
    }
    return exp.has("vlan.id") ? exp.get("vlan.id").asInt() : 0;
  }

  private static int validVlan(JsonNode exp, String key) {
    long vlan = exp.has(key) ? exp.get(key).asLong() : 0;
    return vlan >= 1 && vlan <= 4095 ? (int) vlan : 0;
  }

  private static String field(JsonNode exp, String key) {
    assertThat(exp.has(key)).as("tshark shows %s", key).isTrue();
    return exp.get(key).asText();
  }

  private static long mac(String text) {
    return Long.parseLong(text.replace(":", ""), 16);
  }

  private static String text(ByteBuffer address) {
    byte[] bytes = new byte[address.remaining()];
    address.duplicate().get(bytes);
    return AddressText.format(bytes);
  }

  private static String canonical(String address) {
    try {
      return AddressText.format(InetAddress.getByName(address).getAddress());
    } catch (IOException e) {
      throw new IllegalArgumentException(address, e);
    }
  }
}

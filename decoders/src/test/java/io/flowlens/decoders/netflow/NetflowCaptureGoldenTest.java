package io.flowlens.decoders.netflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowlens.decoders.Addresses;
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
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every real capture of {@code captures/netflow} in order through one {@link NetflowDecoder}
 * (one template cache) and compares with the {@code .expected.json} beside it: Wireshark's decode.
 *
 * <p>tshark reads a capture twice, so it decodes data whose template comes in a later datagram; a
 * collector cannot, and counts such a set as {@link DropReason#TEMPLATE_MISSING}. Every such case
 * is listed in {@link #KNOWN_DIFFERENCES} with its reason.
 */
class NetflowCaptureGoldenTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * NetFlow v5 captures that are malformed on purpose: their header count (55582, 163) is beyond
   * v5's 30 records, so the header cannot be trusted. They must be counted as malformed and never
   * crash; tshark's reading of them is no expectation.
   */
  private static final List<String> MALFORMED = List.of("logstash-nfv5-invalid01", "logstash-nfv5-invalid02");

  /**
   * Datagrams (by frame number) where this decoder's counts differ from tshark's, each with our
   * counts (flow records, options records, data sets without template) and the reason. Only the
   * first records tshark decoded are compared field by field.
   */
  record Difference(int frame, int flows, int options, int missing, String reason) {}

  private static final Map<String, List<Difference>> KNOWN_DIFFERENCES = Map.of(
      "logstash-invalid01", List.of(new Difference(1, 2, 1, 0,
          "tshark stops at the header Count (2 for 6 records) after the two templates; walked by FlowSet"
              + " length, every FlowSet is well-formed: see shouldDecodeEveryFlowSetOfLogstashInvalid01")),
      "logstash-h3c", List.of(new Difference(2, 16, 0, 0,
          "tshark throws 'Trying to fetch an IPv4 address with length 2' on a 2-byte field it expects as"
              + " an address and stops after the first record; this decoder skips fields of a length the"
              + " element does not allow and decodes all 16 records of the FlowSet")));

  /**
   * Fields tshark reports wrongly for a capture: when a record has two elements that tshark names
   * alike, the expected file (JSON objects keep the last duplicate key) shows the second one.
   */
  private static final Map<String, Map<String, String>> UNCOMPARABLE_FIELDS = Map.of(
      "akvorado-ipfixprobe", Map.of(
          "cflow.octets", "RFC 5103 reverse octets (PEN 29305) are also named cflow.octets; tshark -T fields"
              + " shows the forward value first (62 for record 0), which this decoder reports",
          "cflow.packets", "same for the reverse packet count"),
      "logstash-cisco_nbar", Map.of(
          "cflow.srcport", "TCP_SRC_PORT (182) and UDP_SRC_PORT (180) are also named cflow.srcport and follow"
              + " L4_SRC_PORT (7) in the template: the expected file shows them, not field 7",
          "cflow.dstport", "same for UDP_DST_PORT (181) / TCP_DST_PORT (183) after L4_DST_PORT (11)"));

  static Stream<String> captures() throws IOException {
    if (SharedTestdata.dir().isEmpty()) {
      // One case that reports, through its failed assumption, that the captures were not there.
      return Stream.of("(shared testdata missing)");
    }
    try (Stream<Path> files = Files.list(SharedTestdata.dir().orElseThrow().resolve("captures").resolve("netflow"))) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".pcap"))
          .map(n -> n.substring(0, n.length() - ".pcap".length()))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void shouldDecodeLikeTshark(String capture) throws IOException {
    Path dir = SharedTestdata.captures().resolve("netflow");
    List<UdpDatagram> datagrams = PcapReader.read(dir.resolve(capture + ".pcap"));
    JsonNode expected = JSON.readTree(dir.resolve(capture + ".expected.json").toFile()).get("datagrams");
    NetflowDecoder decoder = new NetflowDecoder(new TemplateCache());
    List<DecodeResult> results = new ArrayList<>();
    for (UdpDatagram d : datagrams) {
      results.add(decoder.decode(Unpooled.wrappedBuffer(d.payload()), d.source()));
    }
    if (MALFORMED.contains(capture)) {
      assertThat(results.stream().mapToInt(r -> r.dropped(DropReason.MALFORMED)).sum())
          .as("malformed datagrams counted").isPositive();
      return;
    }
    assertThat(results).hasSameSizeAs(expected);
    SoftAssertions soft = new SoftAssertions();
    List<Difference> known = KNOWN_DIFFERENCES.getOrDefault(capture, List.of());
    for (int i = 0; i < results.size(); i++) {
      DecodeResult r = results.get(i);
      JsonNode dg = expected.get(i);
      int frame = dg.get("frame").asInt();
      List<JsonNode> flows = new ArrayList<>();
      int options = 0;
      for (JsonNode rec : dg.get("records")) {
        if (rec.path("_options").asBoolean(false)) {
          options++;
        } else {
          flows.add(rec);
        }
      }
      int missing = dg.path("undecoded_sets").asInt(0);
      Difference diff = known.stream().filter(k -> k.frame() == frame).findFirst().orElse(null);
      int expectedFlows = diff == null ? flows.size() : diff.flows();
      int expectedOptions = diff == null ? options : diff.options();
      int expectedMissing = diff == null ? missing : diff.missing();
      String where = capture + " frame " + frame;
      soft.assertThat(r.dropped(DropReason.MALFORMED)).as(where + " malformed: " + r.malformedDetail()).isZero();
      soft.assertThat(r.dropped(DropReason.TEMPLATE_MISSING)).as(where + " template_missing").isEqualTo(expectedMissing);
      soft.assertThat(r.optionsRecords()).as(where + " options records").isEqualTo(expectedOptions);
      soft.assertThat(r.flows()).as(where + " flow records").hasSize(expectedFlows);
      if (r.flows().size() != expectedFlows) {
        continue;
      }
      Map<String, String> skip = UNCOMPARABLE_FIELDS.getOrDefault(capture, Map.of());
      for (int j = 0; j < Math.min(flows.size(), expectedFlows); j++) {
        compare(soft, where + " record " + j, flows.get(j), r.flows().get(j), skip);
      }
    }
    soft.assertAll();
  }

  /**
   * {@code logstash-invalid01} is one datagram (334 bytes) that departs from RFC 3954 in two ways,
   * neither of which loses data when FlowSets are walked by their length:
   *
   * <ul>
   *   <li>the header Count is 2, where the packet holds 6 records (templates 1024 and 2048, options
   *       template 256, one options record, one IPv6 and one IPv4 flow): Count is not used, as
   *       softflowd's wrong Count already requires;
   *   <li>the options template FlowSet is 22 bytes, not padded to a 4-byte boundary (padding is a
   *       SHOULD in section 6.1, and the FlowSet length covers whatever padding there is), so the
   *       next FlowSet starts at offset 162. Logstash's codec, which assumes the padding, reads
   *       FlowSet id 16 at offset 164 and rejects the packet; tshark stops at Count before it.
   * </ul>
   *
   * <p>Every FlowSet ends where the next begins and the last at the datagram's end, every record
   * fits its FlowSet and padding is zero, so nothing is counted as malformed: the datagram is
   * decoded in full, and what is counted is exactly 3 template records, 1 options record (sampling
   * interval 100, which both flows take) and 2 flows, with no drop of any reason.
   */
  @Test
  void shouldDecodeEveryFlowSetOfLogstashInvalid01() throws IOException {
    List<UdpDatagram> datagrams =
        PcapReader.read(SharedTestdata.captures().resolve("netflow").resolve("logstash-invalid01.pcap"));
    assertThat(datagrams).hasSize(1);
    DecodeResult r = new NetflowDecoder(new TemplateCache())
        .decode(Unpooled.wrappedBuffer(datagrams.get(0).payload()), datagrams.get(0).source());
    assertThat(r.drops()).isEmpty();
    assertThat(r.templateRecords()).isEqualTo(3);
    assertThat(r.optionsRecords()).isEqualTo(1);
    assertThat(r.sequenceNumber()).isZero();
    assertThat(r.sequenceIncrement()).isEqualTo(1);
    long boot = 0x55DCF5C9L * 1000 - 0x00061C22L;
    assertThat(r.flows()).hasSize(2);
    FlowRecord v6 = r.flows().get(0);
    assertThat(address(v6.getSrcAddr())).isEqualTo("2001:44b8:1118:7200::10");
    assertThat(address(v6.getDstAddr())).isEqualTo("2001:44b8:4030:cd91:8075:bae:d39d:2621");
    assertThat(List.of(v6.getSrcPort(), v6.getDstPort(), v6.getProto(), v6.getEtype())).containsExactly(123, 123, 17, 0x86DD);
    assertThat(List.of(v6.getBytes(), v6.getPackets(), v6.getFlowStartMs(), v6.getSamplingRate()))
        .containsExactly(96L, 1L, boot + 0xD8E0, 100L);
    FlowRecord v4 = r.flows().get(1);
    assertThat(address(v4.getSrcAddr())).isEqualTo("192.168.0.1");
    assertThat(address(v4.getDstAddr())).isEqualTo("192.168.0.105");
    assertThat(List.of(v4.getSrcPort(), v4.getDstPort(), v4.getProto(), v4.getEtype())).containsExactly(53, 0xD917, 17, 0x0800);
    assertThat(List.of(v4.getBytes(), v4.getPackets(), v4.getFlowStartMs(), v4.getSamplingRate()))
        .containsExactly(98L, 1L, boot + 0x15BA4, 100L);
  }

  private static void compare(SoftAssertions soft, String where, JsonNode source, FlowRecord a, Map<String, String> skip) {
    JsonNode e = source.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) e).remove(skip.keySet());
    String src = address(e, "cflow.srcaddr", "cflow.srcaddrv6");
    String dst = address(e, "cflow.dstaddr", "cflow.dstaddrv6");
    if (src != null) {
      soft.assertThat(address(a.getSrcAddr())).as(where + " src").isEqualTo(AddressText.format(Addresses.unmapIpv4(parse(src))));
    }
    if (dst != null) {
      soft.assertThat(address(a.getDstAddr())).as(where + " dst").isEqualTo(AddressText.format(Addresses.unmapIpv4(parse(dst))));
    }
    Long proto = number(e, "cflow.protocol");
    if (proto != null) {
      soft.assertThat((long) a.getProto()).as(where + " proto").isEqualTo(proto);
    }
    boolean icmp = proto != null && (proto == 1 || proto == 58);
    Long sport = number(e, "cflow.srcport");
    Long dport = number(e, "cflow.dstport");
    if (icmp) {
      soft.assertThat(a.getSrcPort()).as(where + " ICMP src port").isZero();
      soft.assertThat(a.getDstPort()).as(where + " ICMP dst port").isZero();
      Long typeCode = number(e, "cflow.icmp_type_code_ipv4", "cflow.icmp_type_code_ipv6");
      Long type = number(e, "cflow.icmp_ipv4_type", "cflow.icmp_ipv6_type");
      if (type != null) {
        soft.assertThat((long) a.getIcmpType()).as(where + " icmp type").isEqualTo(type);
      } else if (typeCode != null && typeCode != 0) {
        soft.assertThat((long) a.getIcmpType() * 256 + a.getIcmpCode()).as(where + " icmp type/code").isEqualTo(typeCode);
      } else if (dport != null) {
        soft.assertThat((long) a.getIcmpType() * 256 + a.getIcmpCode()).as(where + " icmp from port").isEqualTo(dport);
      }
    } else {
      if (sport != null) {
        soft.assertThat((long) a.getSrcPort()).as(where + " src port").isEqualTo(sport);
      }
      if (dport != null) {
        soft.assertThat((long) a.getDstPort()).as(where + " dst port").isEqualTo(dport);
      }
    }
    Long octets = number(e, "cflow.octets");
    if (octets != null) {
      soft.assertThat(a.getBytes()).as(where + " bytes").isEqualTo(octets);
    }
    Long packets = number(e, "cflow.packets");
    if (packets != null) {
      soft.assertThat(a.getPackets()).as(where + " packets").isEqualTo(packets);
    }
    Long in = number(e, "cflow.inputint");
    if (in != null) {
      soft.assertThat(a.getInIf()).as(where + " in_if").isEqualTo(in);
    }
    Long out = number(e, "cflow.outputint");
    if (out != null) {
      soft.assertThat(a.getOutIf()).as(where + " out_if").isEqualTo(out);
    }
    Long rate = number(e, "cflow.sampling_interval");
    if (rate != null) {
      soft.assertThat(a.getSamplingRate()).as(where + " sampling rate").isEqualTo(rate);
    }
  }

  /** The record's address: a template with both families zero-fills the one not in use. */
  private static String address(JsonNode e, String v4, String v6) {
    String a = text(e, v4);
    String b = text(e, v6);
    if (a == null || (b != null && a.equals("0.0.0.0"))) {
      return b;
    }
    return a;
  }

  private static String text(JsonNode e, String... names) {
    for (String n : names) {
      if (e.has(n)) {
        return e.get(n).asText();
      }
    }
    return null;
  }

  private static Long number(JsonNode e, String... names) {
    String t = text(e, names);
    if (t == null) {
      return null;
    }
    return t.startsWith("0x") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
  }

  private static byte[] parse(String address) {
    try {
      return java.net.InetAddress.getByName(address).getAddress();
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(address, e);
    }
  }

  private static String address(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    return AddressText.format(a);
  }
}

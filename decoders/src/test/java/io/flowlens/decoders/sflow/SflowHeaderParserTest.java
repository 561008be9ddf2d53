package io.flowlens.decoders.sflow;

import static io.flowlens.decoders.sflow.Frames.address;
import static io.flowlens.decoders.sflow.Frames.concat;
import static io.flowlens.decoders.sflow.Frames.ethernet;
import static io.flowlens.decoders.sflow.Frames.icmp;
import static io.flowlens.decoders.sflow.Frames.ipv4;
import static io.flowlens.decoders.sflow.Frames.ipv6;
import static io.flowlens.decoders.sflow.Frames.ipv6Address;
import static io.flowlens.decoders.sflow.Frames.ipv6Fragment;
import static io.flowlens.decoders.sflow.Frames.ipv6Options;
import static io.flowlens.decoders.sflow.Frames.mpls;
import static io.flowlens.decoders.sflow.Frames.tcp;
import static io.flowlens.decoders.sflow.Frames.udp;
import static io.flowlens.decoders.sflow.Frames.vlanTag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SflowHeaderParserTest {
  private static final long DST_MAC = 0x0200_0000_0002L;
  private static final long SRC_MAC = 0x0200_0000_0001L;
  private static final byte[] SRC4 = address(192, 0, 2, 1);
  private static final byte[] DST4 = address(198, 51, 100, 7);

  /** Parses {@code header} from a buffer that ends where it ends: reading past it would throw. */
  private static SampledFlow parse(int protocol, byte[] header) {
    ByteBuf buf = Unpooled.wrappedBuffer(header);
    SampledFlow flow = new SampledFlow();
    flow.reset(buf);
    SflowHeaderParser.parse(buf, protocol, 0, header.length, flow);
    return flow;
  }

  private static SampledFlow ethernetFrame(byte[] frame) {
    return parse(SflowHeaderParser.ETHERNET_ISO88023, frame);
  }

  private static byte[] src(SampledFlow flow) {
    return Arrays.copyOfRange(flow.buf.array(), flow.srcAddrIndex, flow.srcAddrIndex + flow.addressLength);
  }

  private static byte[] dst(SampledFlow flow) {
    return Arrays.copyOfRange(flow.buf.array(), flow.dstAddrIndex, flow.dstAddrIndex + flow.addressLength);
  }

  @Test
  void shouldReadEthernetIpv4Tcp() {
    SampledFlow flow = ethernetFrame(concat(ethernet(DST_MAC, SRC_MAC, 0x0800),
        ipv4(0x10, 6, SRC4, DST4, 0, 0), tcp(45372, 443, 0x18)));
    assertThat(flow.hasMacs).isTrue();
    assertThat(flow.dstMac).isEqualTo(DST_MAC);
    assertThat(flow.srcMac).isEqualTo(SRC_MAC);
    assertThat(flow.etype).isEqualTo(0x0800);
    assertThat(src(flow)).isEqualTo(SRC4);
    assertThat(dst(flow)).isEqualTo(DST4);
    assertThat(flow.proto).isEqualTo(6);
    assertThat(flow.tos).isEqualTo(0x10);
    assertThat(flow.srcPort).isEqualTo(45372);
    assertThat(flow.dstPort).isEqualTo(443);
    assertThat(flow.tcpFlags).isEqualTo(0x18);
    assertThat(flow.headerVlan).isZero();
  }

  @Test
  void shouldSkipIpv4OptionsToTheTransportHeader() {
    SampledFlow flow = ethernetFrame(concat(ethernet(DST_MAC, SRC_MAC, 0x0800),
        ipv4(0, 17, SRC4, DST4, 0, 3), udp(53, 40000)));
    assertThat(flow.srcPort).isEqualTo(53);
    assertThat(flow.dstPort).isEqualTo(40000);
  }

  @Test
  void shouldTakeTheOuterMostTagOfQinQ() {
    SampledFlow flow = ethernetFrame(concat(ethernet(DST_MAC, SRC_MAC, 0x88A8), vlanTag(0, 1062, 0x8100),
        vlanTag(2, 1493, 0x0800), ipv4(0, 17, SRC4, DST4, 0, 0), udp(1000, 2000)));
    assertThat(flow.headerVlan).isEqualTo(1062);
    assertThat(flow.etype).isEqualTo(0x0800);
    assertThat(flow.srcPort).isEqualTo(1000);
  }

  @Test
  void shouldReadA8021qTag() {
    SampledFlow flow = ethernetFrame(concat(ethernet(DST_MAC, SRC_MAC, 0x8100), vlanTag(5, 4094, 0x86DD),
        ipv6(0, 17, ipv6Address(1), ipv6Address(2)), udp(1, 2)));
    assertThat(flow.headerVlan).isEqualTo(4094);
    assertThat(flow.etype).isEqualTo(0x86DD);
    assertThat(flow.dstPort).isEqualTo(2);
  }

  @Test
  void shouldSkipTheMplsStackAndGuessIpByVersion() {
    SampledFlow v4 = ethernetFrame(concat(ethernet(DST_MAC, SRC_MAC, 0x8847), mpls(100, false), mpls(200, false),
        mpls(300, true), ipv4(0, 6, SRC4, DST4, 0, 0), tcp(1, 2, 0x02)));
    assertThat(v4.etype).isEqualTo(0x0800);
    assertThat(src(v4)).isEqualTo(SRC4);
    assertThat(v4.tcpFlags).isEqualTo(0x02);

    SampledFlow v6 = ethernetFrame(concat(ethernet(DST_MAC, SRC_MAC, 0x8847), mpls(16, true),
        ipv6(0, 17, ipv6Address(1), ipv6Address(2)), udp(7, 8)));
    assertThat(v6.etype).isEqualTo(0x86DD);
    assertThat(dst(v6)).isEqualTo(ipv6Address(2));
    assertThat(v6.srcPort).isEqualTo(7);
  }

  @Test
  void shouldStopAtAnMplsPayloadThatIsNotIp() {
    // Ethernet over MPLS with a control word (first nibble 0).
    SampledFlow flow = ethernetFrame(concat(ethernet(DST_MAC, SRC_MAC, 0x8847), mpls(16, true), new byte[4],
        ethernet(DST_MAC, SRC_MAC, 0x0800), ipv4(0, 6, SRC4, DST4, 0, 0)));
    assertThat(flow.hasAddresses()).isFalse();
    assertThat(flow.etype).isZero();
    assertThat(flow.hasMacs).isTrue();
  }

  @Test
  void shouldKeepOtherEthertypes() {
    SampledFlow arp = ethernetFrame(concat(ethernet(DST_MAC, SRC_MAC, 0x0806), new byte[28]));
    assertThat(arp.etype).isEqualTo(0x0806);
    assertThat(arp.hasAddresses()).isFalse();
    SampledFlow llc = ethernetFrame(concat(ethernet(DST_MAC, SRC_MAC, 46), new byte[46]));
    assertThat(llc.etype).as("an 802.3 length is no Ethertype").isZero();
  }

  @Test
  void shouldReadPortsOnlyFromTheFirstIpv4Fragment() {
    SampledFlow first = ethernetFrame(concat(ethernet(DST_MAC, SRC_MAC, 0x0800),
        ipv4(0, 17, SRC4, DST4, 0x2000 /* more fragments, offset 0 */, 0), udp(5000, 6000)));
    assertThat(first.srcPort).isEqualTo(5000);

    SampledFlow later = ethernetFrame(concat(ethernet(DST_MAC, SRC_MAC, 0x0800),
        ipv4(0, 17, SRC4, DST4, 185, 0), udp(5000, 6000)));
    assertThat(later.proto).isEqualTo(17);
    assertThat(src(later)).isEqualTo(SRC4);
    assertThat(later.srcPort).isZero();
    assertThat(later.dstPort).isZero();
  }

  @Test
  void shouldWalkIpv6ExtensionHeaders() {
    SampledFlow flow = ethernetFrame(concat(ethernet(DST_MAC, SRC_MAC, 0x86DD),
        ipv6(0xB8, 0, ipv6Address(1), ipv6Address(2)), ipv6Options(43, 0), ipv6Options(60, 1),
        ipv6Options(44, 0), ipv6Fragment(6, 0), tcp(80, 37805, 0x11)));
    assertThat(flow.tos).isEqualTo(0xB8);
    assertThat(src(flow)).isEqualTo(ipv6Address(1));
    assertThat(flow.proto).isEqualTo(6);
    assertThat(flow.srcPort).isEqualTo(80);
    assertThat(flow.dstPort).isEqualTo(37805);
    assertThat(flow.tcpFlags).isEqualTo(0x11);
  }

  @Test
  void shouldKnowTheProtocolButNoPortsOfALaterIpv6Fragment() {
    SampledFlow flow = ethernetFrame(concat(ethernet(DST_MAC, SRC_MAC, 0x86DD),
        ipv6(0, 44, ipv6Address(1), ipv6Address(2)), ipv6Fragment(17, 181), udp(1, 2)));
    assertThat(flow.proto).isEqualTo(17);
    assertThat(flow.srcPort).isZero();
  }

  @Test
  void shouldReadIcmpTypeAndCodeAndNoPorts() {
    SampledFlow v4 = parse(SflowHeaderParser.IPV4, concat(ipv4(0, 1, SRC4, DST4, 0, 0), icmp(11, 0)));
    assertThat(v4.etype).isEqualTo(0x0800);
    assertThat(v4.proto).isEqualTo(1);
    assertThat(v4.icmpType).isEqualTo(11);
    assertThat(v4.icmpCode).isZero();
    assertThat(v4.srcPort).isZero();
    assertThat(v4.dstPort).isZero();

    SampledFlow v6 = parse(SflowHeaderParser.IPV6, concat(ipv6(0, 58, ipv6Address(1), ipv6Address(2)), icmp(1, 4)));
    assertThat(v6.etype).isEqualTo(0x86DD);
    assertThat(v6.proto).isEqualTo(58);
    assertThat(v6.icmpType).isEqualTo(1);
    assertThat(v6.icmpCode).isEqualTo(4);
    assertThat(v6.dstPort).isZero();
  }

  @Test
  void shouldRejectAnIpHeaderOfTheWrongVersion() {
    SampledFlow flow = parse(SflowHeaderParser.IPV4, ipv6(0, 6, ipv6Address(1), ipv6Address(2)));
    assertThat(flow.hasAddresses()).isFalse();
    assertThat(flow.proto).isZero();
  }

  @Test
  void shouldLeaveUnknownHeaderProtocolsAlone() {
    SampledFlow flow = parse(7 /* ISO 8802-5 token ring */, concat(new byte[22], ipv4(0, 6, SRC4, DST4, 0, 0)));
    assertThat(flow.hasMacs).isFalse();
    assertThat(flow.hasAddresses()).isFalse();
    assertThat(flow.etype).isZero();
  }

  /**
   * Cut at every byte: the parse never reads past the snippet (the buffer ends there, so it would
   * throw), and every field is either what the full header says or not set, according to whether
   * the snippet reaches it.
   */
  @Test
  void shouldStopQuietlyWhereAQinQIpv4TcpSnippetEnds() {
    byte[] frame = concat(ethernet(DST_MAC, SRC_MAC, 0x88A8), vlanTag(0, 1062, 0x8100), vlanTag(0, 1493, 0x0800),
        ipv4(0x20, 6, SRC4, DST4, 0, 0), tcp(32017, 443, 0x10));
    int ip = 22;
    int tcp = ip + 20;
    for (int cut = 0; cut <= frame.length; cut++) {
      byte[] snippet = Arrays.copyOf(frame, cut);
      assertThatCode(() -> ethernetFrame(snippet)).as("cut at %d", cut).doesNotThrowAnyException();
      SampledFlow flow = ethernetFrame(snippet);
      assertThat(flow.srcMac).as("cut %d", cut).isEqualTo(cut >= 12 ? SRC_MAC : 0);
      assertThat(flow.headerVlan).as("cut %d", cut).isEqualTo(cut >= 18 ? 1062 : 0);
      assertThat(flow.etype).as("cut %d", cut).isEqualTo(cut >= ip ? 0x0800 : 0);
      assertThat(flow.addressLength).as("cut %d", cut).isEqualTo(cut >= tcp ? 4 : 0);
      assertThat(flow.proto).as("cut %d", cut).isEqualTo(cut >= tcp ? 6 : 0);
      assertThat(flow.dstPort).as("cut %d", cut).isEqualTo(cut >= tcp + 4 ? 443 : 0);
      assertThat(flow.tcpFlags).as("cut %d", cut).isEqualTo(cut >= tcp + 14 ? 0x10 : 0);
    }
  }

  @Test
  void shouldStopQuietlyWhereAnIpv6ExtensionHeaderSnippetEnds() {
    byte[] frame = concat(ethernet(DST_MAC, SRC_MAC, 0x86DD), ipv6(0, 0, ipv6Address(1), ipv6Address(2)),
        ipv6Options(44, 1), ipv6Fragment(58, 0), icmp(128, 0));
    int ext = 14 + 40;
    int fragment = ext + 16;
    int icmp = fragment + 8;
    for (int cut = 0; cut <= frame.length; cut++) {
      byte[] snippet = Arrays.copyOf(frame, cut);
      assertThatCode(() -> ethernetFrame(snippet)).as("cut at %d", cut).doesNotThrowAnyException();
      SampledFlow flow = ethernetFrame(snippet);
      assertThat(flow.addressLength).as("cut %d", cut).isEqualTo(cut >= ext ? 16 : 0);
      int proto = cut < ext ? 0 : cut < ext + 2 ? 0 : cut < fragment + 8 ? 44 : 58;
      assertThat(flow.proto).as("cut %d: the last next header the snippet shows", cut).isEqualTo(proto);
      assertThat(flow.icmpType).as("cut %d", cut).isEqualTo(cut >= icmp + 2 ? 128 : 0);
    }
  }

  @Test
  void shouldStopQuietlyWhereAnMplsSnippetEnds() {
    byte[] frame = concat(ethernet(DST_MAC, SRC_MAC, 0x8848), mpls(1, false), mpls(2, true),
        ipv4(0, 17, SRC4, DST4, 0, 0), udp(9, 10));
    for (int cut = 0; cut <= frame.length; cut++) {
      byte[] snippet = Arrays.copyOf(frame, cut);
      assertThatCode(() -> ethernetFrame(snippet)).as("cut at %d", cut).doesNotThrowAnyException();
      assertThat(ethernetFrame(snippet).srcPort).as("cut %d", cut).isEqualTo(cut >= frame.length - 4 ? 9 : 0);
    }
  }

  @Test
  void shouldNotLoopOnAnEndlessChainOfTags() {
    byte[] frame = ethernet(DST_MAC, SRC_MAC, 0x8100);
    for (int i = 0; i < 40; i++) {
      frame = concat(frame, vlanTag(0, i + 1, 0x8100));
    }
    SampledFlow flow = ethernetFrame(frame);
    assertThat(flow.headerVlan).isEqualTo(1);
    assertThat(flow.etype).isZero();
  }
}

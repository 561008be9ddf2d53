package io.flowlens.demo.encode;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.demo.model.FlowSource;
import io.flowlens.demo.model.SyntheticFlow;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

/** Known flows for the encoder tests, and a source that hands them out in turn. */
final class TestFlows {
  static final long NOW = 1_700_000_000_123L;
  static final long BOOT = NOW - 3 * 86_400_000L;

  private TestFlows() {}

  /** 10.1.2.3:51000 -> 8.8.8.8:443 TCP, outbound through uplink 1. */
  static SyntheticFlow httpsToGoogle() {
    SyntheticFlow f = flow("10.1.2.3", "8.8.8.8", "100.64.1.1");
    f.srcPort = 51000;
    f.dstPort = 443;
    f.protocol = 6;
    f.octets = 123_456;
    f.packets = 100;
    f.startMillis = NOW - 4_000;
    f.endMillis = NOW - 250;
    f.inputInterface = 10;
    f.outputInterface = 1;
    f.tcpFlags = 0x1B;
    f.tos = 0x10;
    f.srcAs = 0;
    f.dstAs = 15169;
    f.srcPrefixLength = 16;
    f.dstPrefixLength = 24;
    f.direction = 1;
    f.vlan = 10;
    f.srcMac = 0x02FE_0001_0203L;
    f.dstMac = 0x0200_0000_0A01L;
    return f;
  }

  /** 2606:4700:4700::1111:53 -> fd00:1:1::5:40000 UDP, inbound from uplink 2. */
  static SyntheticFlow dnsFromCloudflare() {
    SyntheticFlow f = flow("2606:4700:4700::1111", "fd00:1:1::5", "fd00:1:1::5");
    f.srcPort = 53;
    f.dstPort = 40000;
    f.protocol = 17;
    f.octets = 312;
    f.packets = 2;
    f.startMillis = NOW - 1_000;
    f.endMillis = NOW - 900;
    f.inputInterface = 2;
    f.outputInterface = 10;
    f.srcAs = 13335;
    f.srcPrefixLength = 48;
    f.dstPrefixLength = 64;
    f.direction = 0;
    f.srcMac = 0x0200_00FF_0201L;
    f.dstMac = 0x0200_0000_0201L;
    return f;
  }

  /** 192.168.1.7 -> 9.9.9.9 ICMP echo request, outbound through uplink 1. */
  static SyntheticFlow pingToQuad9() {
    SyntheticFlow f = flow("192.168.1.7", "9.9.9.9", "100.64.1.1");
    f.dstPort = 8 << 8;
    f.protocol = 1;
    f.octets = 336;
    f.packets = 4;
    f.startMillis = NOW - 3_000;
    f.endMillis = NOW - 10;
    f.inputInterface = 11;
    f.outputInterface = 1;
    f.dstAs = 19281;
    f.srcPrefixLength = 24;
    f.dstPrefixLength = 24;
    f.direction = 1;
    f.vlan = 20;
    f.srcMac = 0x02FE_0000_0107L;
    f.dstMac = 0x0200_0000_0B01L;
    return f;
  }

  static List<SyntheticFlow> all() {
    return List.of(httpsToGoogle(), dnsFromCloudflare(), pingToQuad9());
  }

  /**
   * Checks the record fields NetFlow v9 and IPFIX carry alike, as tshark's cflow dissection
   * {@code p} of one datagram shows {@link #all()}: the IPv4 records first (data set 256), then the
   * IPv6 one (257).
   */
  static void assertCflowRecords(Map<String, List<String>> p) {
    assertThat(p.get("cflow.srcaddr")).containsExactly("10.1.2.3", "192.168.1.7");
    assertThat(p.get("cflow.dstaddr")).containsExactly("8.8.8.8", "9.9.9.9");
    assertThat(p.get("cflow.srcaddrv6")).containsExactly("2606:4700:4700::1111");
    assertThat(p.get("cflow.dstaddrv6")).containsExactly("fd00:1:1::5");
    assertThat(p.get("cflow.srcport")).containsExactly("51000", "0", "53");
    assertThat(p.get("cflow.dstport")).containsExactly("443", "2048", "40000");
    assertThat(p.get("cflow.protocol")).containsExactly("6", "1", "17");
    assertThat(p.get("cflow.octets")).containsExactly("123456", "336", "312");
    assertThat(p.get("cflow.packets")).containsExactly("100", "4", "2");
    assertThat(p.get("cflow.inputint")).containsExactly("10", "11", "2");
    assertThat(p.get("cflow.outputint")).containsExactly("1", "1", "10");
    assertThat(p.get("cflow.tos")).containsExactly("0x10", "0x00", "0x00");
    assertThat(p.get("cflow.srcas")).containsExactly("0", "0", "13335");
    assertThat(p.get("cflow.dstas")).containsExactly("15169", "19281", "0");
    assertThat(p.get("cflow.srcmask")).containsExactly("16", "24");
    assertThat(p.get("cflow.dstmask")).containsExactly("24", "24");
    assertThat(p.get("cflow.srcmaskv6")).containsExactly("48");
    assertThat(p.get("cflow.dstmaskv6")).containsExactly("64");
    assertThat(p.get("cflow.nexthop")).containsExactly("100.64.1.1", "100.64.1.1");
    assertThat(p.get("cflow.nexthopv6")).containsExactly("fd00:1:1::5");
    assertThat(p.get("cflow.direction")).containsExactly("1", "1", "0");
  }

  /** A source that repeats {@code flows} in order, and counts what it handed out. */
  static final class Cycle implements FlowSource {
    private final List<SyntheticFlow> flows;
    int drawn;

    Cycle(List<SyntheticFlow> flows) {
      this.flows = flows;
    }

    @Override
    public void next(SyntheticFlow into, long nowMillis) {
      into.copyFrom(flows.get(drawn++ % flows.size()));
    }
  }

  private static SyntheticFlow flow(String src, String dst, String nextHop) {
    SyntheticFlow f = new SyntheticFlow();
    byte[] s = address(src);
    f.ipv6 = s.length == 16;
    System.arraycopy(s, 0, f.srcAddr, 0, s.length);
    byte[] d = address(dst);
    System.arraycopy(d, 0, f.dstAddr, 0, d.length);
    byte[] n = address(nextHop);
    System.arraycopy(n, 0, f.nextHop, 0, n.length);
    return f;
  }

  static byte[] address(String literal) {
    try {
      return InetAddress.getByName(literal).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }
}

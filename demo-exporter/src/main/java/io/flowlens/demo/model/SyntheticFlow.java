package io.flowlens.demo.model;

/**
 * One synthetic flow: what a router would have measured for one unidirectional conversation. A
 * reusable, mutable holder: the traffic model fills it and an encoder copies it onto the wire, so
 * the per-record path allocates nothing. Fields are public for that reason; nothing keeps a
 * reference to a holder beyond one encode call.
 *
 * <p>Addresses live in 16-byte arrays; an IPv4 flow uses the first four bytes of each.
 */
public final class SyntheticFlow {
  /** Whether the addresses are IPv6 (16 bytes) rather than IPv4 (first 4 bytes). */
  public boolean ipv6;
  public final byte[] srcAddr = new byte[16];
  public final byte[] dstAddr = new byte[16];
  public final byte[] nextHop = new byte[16];
  public int srcPort;
  /** Destination port; for ICMP/ICMPv6 flows {@code type << 8 | code}, as NetFlow exporters write it. */
  public int dstPort;
  /** IP protocol number: 6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6. */
  public int protocol;
  /** Number of IP bytes (NetFlow/IPFIX octets). */
  public long octets;
  public long packets;
  /** Unix epoch milliseconds of the first and last packet. */
  public long startMillis;
  public long endMillis;
  public int inputInterface;
  public int outputInterface;
  /** Cumulative TCP flags of the flow (0 for non-TCP). */
  public int tcpFlags;
  public int tos;
  public long srcAs;
  public long dstAs;
  public int srcPrefixLength;
  public int dstPrefixLength;
  /** 0 ingress, 1 egress: where the interface that observed the flow measured it. */
  public int direction;
  /** 802.1Q VLAN of the sampled frame, 0 when untagged (sFlow raw headers only). */
  public int vlan;
  /** 48-bit MAC addresses in the low bits (sFlow raw headers only). */
  public long srcMac;
  public long dstMac;

  /** Whether this is an ICMP or ICMPv6 flow, whose port fields carry the ICMP type and code. */
  public boolean isIcmp() {
    return protocol == 1 || protocol == 58;
  }

  /** The address length on the wire: 4 or 16. */
  public int addressLength() {
    return ipv6 ? 16 : 4;
  }

  /** Copies every field of {@code other} into this holder. */
  public void copyFrom(SyntheticFlow other) {
    ipv6 = other.ipv6;
    System.arraycopy(other.srcAddr, 0, srcAddr, 0, 16);
    System.arraycopy(other.dstAddr, 0, dstAddr, 0, 16);
    System.arraycopy(other.nextHop, 0, nextHop, 0, 16);
    srcPort = other.srcPort;
    dstPort = other.dstPort;
    protocol = other.protocol;
    octets = other.octets;
    packets = other.packets;
    startMillis = other.startMillis;
    endMillis = other.endMillis;
    inputInterface = other.inputInterface;
    outputInterface = other.outputInterface;
    tcpFlags = other.tcpFlags;
    tos = other.tos;
    srcAs = other.srcAs;
    dstAs = other.dstAs;
    srcPrefixLength = other.srcPrefixLength;
    dstPrefixLength = other.dstPrefixLength;
    direction = other.direction;
    vlan = other.vlan;
    srcMac = other.srcMac;
    dstMac = other.dstMac;
  }
}

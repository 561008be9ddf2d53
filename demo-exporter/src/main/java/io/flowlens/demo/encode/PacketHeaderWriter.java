package io.flowlens.demo.encode;

import io.flowlens.demo.model.SyntheticFlow;
import java.nio.ByteBuffer;

/**
 * Writes the headers of one packet of a flow, as an sFlow agent samples them: Ethernet II, an
 * 802.1Q tag when the flow has a VLAN, IPv4 (with a correct header checksum) or IPv6, then TCP,
 * UDP or ICMP/ICMPv6. Payload is not written: the sampled header ends with the transport header.
 * Transport checksums are left 0, as they would cover payload the sample does not carry.
 */
final class PacketHeaderWriter {
  /** The longest header written: Ethernet + 802.1Q + IPv6 + TCP. */
  static final int MAX_LENGTH = 14 + 4 + 40 + 20;

  private PacketHeaderWriter() {}

  /** The length of the Ethernet, VLAN, IP and transport headers of a packet of {@code f}. */
  static int headerLength(SyntheticFlow f) {
    return 14 + (f.vlan != 0 ? 4 : 0) + ipHeaderLength(f) + transportHeaderLength(f);
  }

  static int ipHeaderLength(SyntheticFlow f) {
    return f.ipv6 ? 40 : 20;
  }

  static int transportHeaderLength(SyntheticFlow f) {
    return f.protocol == 6 ? 20 : 8;
  }

  /**
   * Writes the headers of a packet whose IP total length is {@code ipLength}.
   *
   * @param identification the IPv4 identification / TCP sequence seed, to vary packets
   */
  static void write(ByteBuffer out, SyntheticFlow f, int ipLength, int identification) {
    putMac(out, f.dstMac);
    putMac(out, f.srcMac);
    if (f.vlan != 0) {
      out.putShort((short) 0x8100);
      out.putShort((short) (f.vlan & 0x0FFF));
    }
    out.putShort((short) (f.ipv6 ? 0x86DD : 0x0800));
    if (f.ipv6) {
      out.putInt(6 << 28 | (f.tos & 0xFF) << 20);
      out.putShort((short) (ipLength - 40));
      out.put((byte) f.protocol);
      out.put((byte) 64);
      out.put(f.srcAddr, 0, 16);
      out.put(f.dstAddr, 0, 16);
    } else {
      int start = out.position();
      out.put((byte) 0x45);
      out.put((byte) f.tos);
      out.putShort((short) ipLength);
      out.putShort((short) identification);
      out.putShort((short) 0x4000); // don't fragment
      out.put((byte) 64);
      out.put((byte) f.protocol);
      out.putShort((short) 0);
      out.put(f.srcAddr, 0, 4);
      out.put(f.dstAddr, 0, 4);
      out.putShort(start + 10, (short) ipv4Checksum(out, start));
    }
    int transportLength = ipLength - ipHeaderLength(f);
    switch (f.protocol) {
      case 6 -> {
        out.putShort((short) f.srcPort);
        out.putShort((short) f.dstPort);
        out.putInt(identification * 1448);
        out.putInt(identification * 7 + 1);
        out.putShort((short) (5 << 12 | 0x18)); // data offset 5 words, PSH|ACK: a mid-flow data packet
        out.putShort((short) 65535);
        out.putShort((short) 0);
        out.putShort((short) 0);
      }
      case 17 -> {
        out.putShort((short) f.srcPort);
        out.putShort((short) f.dstPort);
        out.putShort((short) transportLength);
        out.putShort((short) 0);
      }
      default -> {
        // ICMP and ICMPv6: type and code travel in the destination port, as in NetFlow.
        out.put((byte) (f.dstPort >>> 8));
        out.put((byte) f.dstPort);
        out.putShort((short) 0);
        out.putShort((short) 0x1D);
        out.putShort((short) identification);
      }
    }
  }

  private static void putMac(ByteBuffer out, long mac) {
    out.putShort((short) (mac >>> 32));
    out.putInt((int) mac);
  }

  private static int ipv4Checksum(ByteBuffer out, int start) {
    int sum = 0;
    for (int i = 0; i < 20; i += 2) {
      sum += out.getShort(start + i) & 0xFFFF;
    }
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xFFFF) + (sum >>> 16);
    }
    return ~sum & 0xFFFF;
  }
}

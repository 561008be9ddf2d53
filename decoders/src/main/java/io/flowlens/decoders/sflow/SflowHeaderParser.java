package io.flowlens.decoders.sflow;

import io.netty.buffer.ByteBuf;

/**
 * Parses the sampled packet header of an sFlow raw packet header record (format 1) in place, with
 * absolute indexes into the datagram: Ethernet with 802.1Q/802.1ad tags, an MPLS label stack, IPv4,
 * IPv6 with its extension headers, then TCP, UDP, SCTP, ICMP and ICMPv6.
 *
 * <p>The header is a snippet: agents cut packets to 128 bytes or so, anywhere. Every step checks
 * that its bytes are inside the snippet and otherwise stops quietly, keeping what it found so far:
 * a truncated header is the normal case, not an error. Nothing is allocated.
 */
final class SflowHeaderParser {
  /** sFlow header_protocol values (sFlow v5, "enum header_protocol"). */
  static final int ETHERNET_ISO88023 = 1;
  static final int IPV4 = 11;
  static final int IPV6 = 12;

  static final int ETYPE_IPV4 = 0x0800;
  static final int ETYPE_IPV6 = 0x86DD;
  private static final int ETYPE_VLAN = 0x8100;
  private static final int ETYPE_QINQ = 0x88A8;
  private static final int ETYPE_QINQ_LEGACY = 0x9100;
  private static final int ETYPE_MPLS_UNICAST = 0x8847;
  private static final int ETYPE_MPLS_MULTICAST = 0x8848;
  /** Smallest value that is an Ethertype rather than an IEEE 802.3 length. */
  private static final int ETYPE_MIN = 0x0600;

  private static final int PROTO_ICMP = 1;
  private static final int PROTO_TCP = 6;
  private static final int PROTO_UDP = 17;
  private static final int PROTO_ICMPV6 = 58;
  private static final int PROTO_SCTP = 132;
  private static final int PROTO_UDPLITE = 136;

  private static final int IPV6_HOP_BY_HOP = 0;
  private static final int IPV6_ROUTING = 43;
  private static final int IPV6_FRAGMENT = 44;
  private static final int IPV6_AH = 51;
  private static final int IPV6_DEST_OPTIONS = 60;

  private SflowHeaderParser() {}

  /**
   * Parses the header bytes {@code [start, end)} of {@code buf}, declared as {@code headerProtocol},
   * into {@code flow}. Unknown header protocols leave {@code flow} untouched.
   */
  static void parse(ByteBuf buf, int headerProtocol, int start, int end, SampledFlow flow) {
    switch (headerProtocol) {
      case ETHERNET_ISO88023 -> ethernet(buf, start, end, flow);
      case IPV4 -> ipv4(buf, start, end, flow);
      case IPV6 -> ipv6(buf, start, end, flow);
      default -> {
        // Token ring, FDDI, PPP and the like: frame_length still counts, nothing else is known.
      }
    }
  }

  /** A 48-bit MAC address at {@code index}, in the low bits of a long. */
  static long mac(ByteBuf buf, int index) {
    return ((long) buf.getUnsignedShort(index) << 32) | buf.getUnsignedInt(index + 2);
  }

  private static void ethernet(ByteBuf buf, int p, int end, SampledFlow flow) {
    if (end - p < 12) {
      return;
    }
    flow.dstMac = mac(buf, p);
    flow.srcMac = mac(buf, p + 6);
    flow.hasMacs = true;
    p += 12;
    if (end - p < 2) {
      return;
    }
    int type = buf.getUnsignedShort(p);
    p += 2;
    boolean tagged = false;
    // Each tag consumes 4 bytes of a bounded snippet, so the loop ends.
    while (type == ETYPE_VLAN || type == ETYPE_QINQ || type == ETYPE_QINQ_LEGACY) {
      if (end - p < 4) {
        return;
      }
      if (!tagged) {
        flow.headerVlan = buf.getUnsignedShort(p) & 0x0FFF;
        tagged = true;
      }
      type = buf.getUnsignedShort(p + 2);
      p += 4;
    }
    if (type == ETYPE_MPLS_UNICAST || type == ETYPE_MPLS_MULTICAST) {
      mpls(buf, p, end, flow);
    } else if (type == ETYPE_IPV4) {
      ipv4(buf, p, end, flow);
    } else if (type == ETYPE_IPV6) {
      ipv6(buf, p, end, flow);
    } else if (type >= ETYPE_MIN) {
      flow.etype = type;
    }
  }

  /**
   * Skips the label stack to its bottom entry; MPLS does not say what it carries, so the payload is
   * taken as IP by its version nibble (4 or 6), as routers and collectors do. Anything else (a
   * pseudowire control word, Ethernet over MPLS) stops the parse with etype 0.
   */
  private static void mpls(ByteBuf buf, int p, int end, SampledFlow flow) {
    while (true) {
      if (end - p < 4) {
        return;
      }
      boolean bottom = (buf.getUnsignedByte(p + 2) & 0x01) != 0;
      p += 4;
      if (bottom) {
        break;
      }
    }
    if (p >= end) {
      return;
    }
    int version = buf.getUnsignedByte(p) >> 4;
    if (version == 4) {
      ipv4(buf, p, end, flow);
    } else if (version == 6) {
      ipv6(buf, p, end, flow);
    }
  }

  private static void ipv4(ByteBuf buf, int p, int end, SampledFlow flow) {
    flow.etype = ETYPE_IPV4;
    if (end - p < 20) {
      return;
    }
    int versionIhl = buf.getUnsignedByte(p);
    int headerLength = (versionIhl & 0x0F) * 4;
    if (versionIhl >> 4 != 4 || headerLength < 20) {
      return;
    }
    flow.tos = buf.getUnsignedByte(p + 1);
    int fragmentOffset = buf.getUnsignedShort(p + 6) & 0x1FFF;
    flow.proto = buf.getUnsignedByte(p + 9);
    flow.addressLength = 4;
    flow.srcAddrIndex = p + 12;
    flow.dstAddrIndex = p + 16;
    // Only the first fragment carries the transport header; later ones start inside the payload.
    if (fragmentOffset != 0 || end - p < headerLength) {
      return;
    }
    transport(buf, flow.proto, p + headerLength, end, flow);
  }

  private static void ipv6(ByteBuf buf, int p, int end, SampledFlow flow) {
    flow.etype = ETYPE_IPV6;
    if (end - p < 40) {
      return;
    }
    int first = buf.getUnsignedShort(p);
    if (first >> 12 != 6) {
      return;
    }
    flow.tos = (first >> 4) & 0xFF;
    int next = buf.getUnsignedByte(p + 6);
    flow.addressLength = 16;
    flow.srcAddrIndex = p + 8;
    flow.dstAddrIndex = p + 24;
    p += 40;
    // proto is the last next-header value the snippet shows: the transport protocol when the chain
    // of extension headers fits, else the extension header the snippet ends in.
    flow.proto = next;
    // Every extension header is at least 8 bytes long, so the walk ends within the snippet.
    while (true) {
      switch (next) {
        case IPV6_HOP_BY_HOP, IPV6_ROUTING, IPV6_DEST_OPTIONS -> {
          if (end - p < 2) {
            return;
          }
          next = buf.getUnsignedByte(p);
          p += (buf.getUnsignedByte(p + 1) + 1) * 8;
        }
        case IPV6_AH -> {
          if (end - p < 2) {
            return;
          }
          next = buf.getUnsignedByte(p);
          p += (buf.getUnsignedByte(p + 1) + 2) * 4;
        }
        case IPV6_FRAGMENT -> {
          if (end - p < 8) {
            return;
          }
          next = buf.getUnsignedByte(p);
          flow.proto = next;
          if ((buf.getUnsignedShort(p + 2) >> 3) != 0) {
            return;
          }
          p += 8;
        }
        default -> {
          if (p <= end) {
            transport(buf, next, p, end, flow);
          }
          return;
        }
      }
      flow.proto = next;
    }
  }

  private static void transport(ByteBuf buf, int proto, int p, int end, SampledFlow flow) {
    flow.proto = proto;
    int available = end - p;
    switch (proto) {
      case PROTO_TCP -> {
        if (available >= 4) {
          flow.srcPort = buf.getUnsignedShort(p);
          flow.dstPort = buf.getUnsignedShort(p + 2);
        }
        if (available >= 14) {
          flow.tcpFlags = buf.getUnsignedByte(p + 13);
        }
      }
      case PROTO_UDP, PROTO_SCTP, PROTO_UDPLITE -> {
        if (available >= 4) {
          flow.srcPort = buf.getUnsignedShort(p);
          flow.dstPort = buf.getUnsignedShort(p + 2);
        }
      }
      case PROTO_ICMP, PROTO_ICMPV6 -> {
        // Type and code, never ports: the flow record carries ICMP in icmp_type/icmp_code only.
        if (available >= 2) {
          flow.icmpType = buf.getUnsignedByte(p);
          flow.icmpCode = buf.getUnsignedByte(p + 1);
        }
      }
      default -> {
        // Other protocols have no ports we know of.
      }
    }
  }
}

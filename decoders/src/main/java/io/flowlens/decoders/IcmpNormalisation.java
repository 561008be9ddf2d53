package io.flowlens.decoders;

import io.flowlens.schema.FlowRecord;

/**
 * One rule for ICMP in every decoder: ICMP (protocol 1) and ICMPv6 (58) carry no ports, so a
 * record's icmp_type and icmp_code are set and both ports are 0. Type and code come from the ICMP
 * elements when the exporter sent them, otherwise from the destination port, where NetFlow v5,
 * softflowd and pmacct put type * 256 + code.
 */
public final class IcmpNormalisation {
  private IcmpNormalisation() {}

  /**
   * @param typeCode an ICMP type-code element (type * 256 + code), or -1 when absent
   * @param type an ICMP type element, or -1 when absent
   * @param code an ICMP code element, or -1 when absent
   */
  public static void apply(FlowRecord r, long typeCode, int type, int code) {
    int proto = r.getProto();
    if (proto != 1 && proto != 58) {
      return;
    }
    if (type >= 0 || code >= 0) {
      r.setIcmpType(Math.max(type, 0));
      r.setIcmpCode(Math.max(code, 0));
    } else if (typeCode > 0 || (typeCode == 0 && r.getDstPort() == 0)) {
      r.setIcmpType((int) (typeCode >> 8) & 0xFF);
      r.setIcmpCode((int) typeCode & 0xFF);
    } else {
      // No element, or a zero one beside a non-zero port: the port holds type and code.
      int port = r.getDstPort();
      r.setIcmpType((port >> 8) & 0xFF);
      r.setIcmpCode(port & 0xFF);
    }
    r.setSrcPort(0);
    r.setDstPort(0);
  }
}

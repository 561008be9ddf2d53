package io.flowlens.decoders.sflow;

import java.io.ByteArrayOutputStream;

/** Builds the packet headers that sFlow agents sample, one protocol layer at a time, for tests. */
final class Frames {
  private Frames() {}

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  static byte[] ethernet(long dstMac, long srcMac, int etype) {
    byte[] b = new byte[14];
    putMac(b, 0, dstMac);
    putMac(b, 6, srcMac);
    putShort(b, 12, etype);
    return b;
  }

  /** A VLAN tag's TCI and the Ethertype that follows it (the tag's TPID is the previous type). */
  static byte[] vlanTag(int priority, int vlan, int nextEtype) {
    byte[] b = new byte[4];
    putShort(b, 0, (priority << 13) | vlan);
    putShort(b, 2, nextEtype);
    return b;
  }

  static byte[] mpls(int label, boolean bottom) {
    int word = (label << 12) | (bottom ? 0x100 : 0) | 64;
    return new byte[] {(byte) (word >>> 24), (byte) (word >>> 16), (byte) (word >>> 8), (byte) word};
  }

  static byte[] ipv4(int tos, int proto, byte[] src, byte[] dst, int fragmentOffset, int optionWords) {
    byte[] b = new byte[20 + 4 * optionWords];
    b[0] = (byte) (0x40 | (5 + optionWords));
    b[1] = (byte) tos;
    putShort(b, 2, 1500);
    putShort(b, 6, fragmentOffset);
    b[8] = 64;
    b[9] = (byte) proto;
    System.arraycopy(src, 0, b, 12, 4);
    System.arraycopy(dst, 0, b, 16, 4);
    return b;
  }

  static byte[] ipv6(int trafficClass, int next, byte[] src, byte[] dst) {
    byte[] b = new byte[40];
    putShort(b, 0, 0x6000 | (trafficClass << 4));
    putShort(b, 4, 1460);
    b[6] = (byte) next;
    b[7] = 64;
    System.arraycopy(src, 0, b, 8, 16);
    System.arraycopy(dst, 0, b, 24, 16);
    return b;
  }

  /** Hop-by-hop, routing or destination options header of (lengthUnits + 1) x 8 bytes. */
  static byte[] ipv6Options(int next, int lengthUnits) {
    byte[] b = new byte[(lengthUnits + 1) * 8];
    b[0] = (byte) next;
    b[1] = (byte) lengthUnits;
    return b;
  }

  static byte[] ipv6Fragment(int next, int offsetUnits) {
    byte[] b = new byte[8];
    b[0] = (byte) next;
    putShort(b, 2, offsetUnits << 3);
    return b;
  }

  static byte[] tcp(int srcPort, int dstPort, int flags) {
    byte[] b = new byte[20];
    putShort(b, 0, srcPort);
    putShort(b, 2, dstPort);
    b[12] = 0x50;
    b[13] = (byte) flags;
    return b;
  }

  static byte[] udp(int srcPort, int dstPort) {
    byte[] b = new byte[8];
    putShort(b, 0, srcPort);
    putShort(b, 2, dstPort);
    putShort(b, 4, 8);
    return b;
  }

  static byte[] icmp(int type, int code) {
    return new byte[] {(byte) type, (byte) code, 0x12, 0x34, 0, 1, 0, 1};
  }

  static byte[] address(int... octets) {
    byte[] b = new byte[octets.length];
    for (int i = 0; i < octets.length; i++) {
      b[i] = (byte) octets[i];
    }
    return b;
  }

  /** An IPv6 address 2001:db8::last. */
  static byte[] ipv6Address(int last) {
    byte[] b = new byte[16];
    b[0] = 0x20;
    b[1] = 0x01;
    b[2] = 0x0d;
    b[3] = (byte) 0xb8;
    b[15] = (byte) last;
    return b;
  }

  private static void putMac(byte[] b, int at, long mac) {
    for (int i = 0; i < 6; i++) {
      b[at + i] = (byte) (mac >>> (40 - 8 * i));
    }
  }

  private static void putShort(byte[] b, int at, int value) {
    b[at] = (byte) (value >>> 8);
    b[at + 1] = (byte) value;
  }
}

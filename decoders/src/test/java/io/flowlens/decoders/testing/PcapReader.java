package io.flowlens.decoders.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the UDP datagrams of a capture file, classic pcap or pcapng, in capture order. Link types:
 * Ethernet (with 802.1Q/802.1ad tags), Linux cooked (SLL), raw IP and BSD loopback. Frames that are
 * not unfragmented UDP over IPv4/IPv6 are skipped. A test utility: captures are trusted input.
 */
public final class PcapReader {
  private static final int LINKTYPE_NULL = 0;
  private static final int LINKTYPE_ETHERNET = 1;
  private static final int LINKTYPE_RAW = 101;
  private static final int LINKTYPE_LINUX_SLL = 113;
  private static final int LINKTYPE_IPV4 = 228;
  private static final int LINKTYPE_IPV6 = 229;

  private PcapReader() {}

  public static List<UdpDatagram> read(Path file) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file));
    if (buf.remaining() < 4) {
      throw new IOException(file + ": too short for a capture file");
    }
    int magic = buf.getInt(0);
    List<UdpDatagram> out = new ArrayList<>();
    if (magic == 0x0A0D0D0A) {
      readPcapng(buf, out);
    } else {
      readPcap(buf, out, file);
    }
    return out;
  }

  private static void readPcap(ByteBuffer buf, List<UdpDatagram> out, Path file) throws IOException {
    int magic = buf.order(ByteOrder.BIG_ENDIAN).getInt(0);
    boolean nanos;
    if (magic == 0xA1B2C3D4 || magic == 0xA1B23C4D) {
      buf.order(ByteOrder.BIG_ENDIAN);
      nanos = magic == 0xA1B23C4D;
    } else if (magic == 0xD4C3B2A1 || magic == 0x4D3CB2A1) {
      buf.order(ByteOrder.LITTLE_ENDIAN);
      nanos = magic == 0x4D3CB2A1;
    } else {
      throw new IOException(file + ": not a pcap or pcapng file (magic " + Integer.toHexString(magic) + ")");
    }
    int linkType = buf.getInt(20) & 0x0FFFFFFF;
    int pos = 24;
    while (pos + 16 <= buf.limit()) {
      long seconds = Integer.toUnsignedLong(buf.getInt(pos));
      long fraction = Integer.toUnsignedLong(buf.getInt(pos + 4));
      int capLen = buf.getInt(pos + 8);
      pos += 16;
      if (capLen < 0 || pos + capLen > buf.limit()) {
        break;
      }
      long micros = seconds * 1_000_000 + (nanos ? fraction / 1000 : fraction);
      frame(linkType, micros, Arrays.copyOfRange(buf.array(), pos, pos + capLen), out);
      pos += capLen;
    }
  }

  private static void readPcapng(ByteBuffer buf, List<UdpDatagram> out) {
    List<Integer> linkTypes = new ArrayList<>();
    List<Long> unitsPerSecond = new ArrayList<>();
    int pos = 0;
    while (pos + 12 <= buf.limit()) {
      // The block type of a section header reads the same in either byte order; the order the
      // previous section set must stay in force for the blocks that follow it.
      if (buf.getInt(pos) == 0x0A0D0D0A) {
        int bom = buf.order(ByteOrder.BIG_ENDIAN).getInt(pos + 8);
        buf.order(bom == 0x1A2B3C4D ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        linkTypes.clear();
        unitsPerSecond.clear();
      }
      int type = buf.getInt(pos);
      int length = buf.getInt(pos + 4);
      if (length < 12 || pos + length > buf.limit()) {
        break;
      }
      if (type == 1) { // Interface Description Block
        linkTypes.add(buf.getShort(pos + 8) & 0xFFFF);
        unitsPerSecond.add(timestampResolution(buf, pos + 16, pos + length - 4));
      } else if (type == 6) { // Enhanced Packet Block
        int iface = buf.getInt(pos + 8);
        long ts = (Integer.toUnsignedLong(buf.getInt(pos + 12)) << 32) | Integer.toUnsignedLong(buf.getInt(pos + 16));
        int capLen = buf.getInt(pos + 20);
        if (iface >= 0 && iface < linkTypes.size() && capLen >= 0 && 28 + capLen <= length) {
          long micros = ts * 1_000_000 / unitsPerSecond.get(iface);
          frame(linkTypes.get(iface), micros, Arrays.copyOfRange(buf.array(), pos + 28, pos + 28 + capLen), out);
        }
      } else if (type == 3 && !linkTypes.isEmpty()) { // Simple Packet Block
        int capLen = Math.min(buf.getInt(pos + 8), length - 16);
        frame(linkTypes.get(0), 0, Arrays.copyOfRange(buf.array(), pos + 12, pos + 12 + capLen), out);
      }
      pos += length;
    }
  }

  /** if_tsresol option of an IDB: units per second (default microseconds). */
  private static long timestampResolution(ByteBuffer buf, int pos, int end) {
    while (pos + 4 <= end) {
      int code = buf.getShort(pos) & 0xFFFF;
      int len = buf.getShort(pos + 2) & 0xFFFF;
      if (code == 0) {
        break;
      }
      if (code == 9 && len >= 1) {
        int v = buf.get(pos + 4) & 0xFF;
        long base = (v & 0x80) != 0 ? 2 : 10;
        long units = 1;
        for (int i = 0; i < (v & 0x7F); i++) {
          units *= base;
        }
        return units;
      }
      pos += 4 + ((len + 3) & ~3);
    }
    return 1_000_000;
  }

  private static void frame(int linkType, long micros, byte[] f, List<UdpDatagram> out) {
    ByteBuffer b = ByteBuffer.wrap(f).order(ByteOrder.BIG_ENDIAN);
    int pos;
    int etherType;
    switch (linkType) {
      case LINKTYPE_ETHERNET -> {
        if (f.length < 14) {
          return;
        }
        pos = 12;
        etherType = b.getShort(pos) & 0xFFFF;
        pos += 2;
        while ((etherType == 0x8100 || etherType == 0x88A8 || etherType == 0x9100) && pos + 4 <= f.length) {
          etherType = b.getShort(pos + 2) & 0xFFFF;
          pos += 4;
        }
      }
      case LINKTYPE_LINUX_SLL -> {
        if (f.length < 16) {
          return;
        }
        etherType = b.getShort(14) & 0xFFFF;
        pos = 16;
      }
      case LINKTYPE_NULL -> {
        if (f.length < 4) {
          return;
        }
        int family = f[0] != 0 ? (f[0] & 0xFF) : (f[3] & 0xFF);
        etherType = family == 2 ? 0x0800 : 0x86DD;
        pos = 4;
      }
      case LINKTYPE_RAW, LINKTYPE_IPV4, LINKTYPE_IPV6 -> {
        if (f.length < 1) {
          return;
        }
        etherType = (f[0] >> 4) == 4 ? 0x0800 : 0x86DD;
        pos = 0;
      }
      default -> {
        return;
      }
    }
    if (etherType == 0x0800) {
      ipv4(b, pos, micros, out);
    } else if (etherType == 0x86DD) {
      ipv6(b, pos, micros, out);
    }
  }

  private static void ipv4(ByteBuffer b, int pos, long micros, List<UdpDatagram> out) {
    if (pos + 20 > b.limit()) {
      return;
    }
    int ihl = (b.get(pos) & 0x0F) * 4;
    int total = b.getShort(pos + 2) & 0xFFFF;
    int flagsFrag = b.getShort(pos + 6) & 0xFFFF;
    int proto = b.get(pos + 9) & 0xFF;
    if (proto != 17 || (flagsFrag & 0x3FFF) != 0) {
      return;
    }
    byte[] src = Arrays.copyOfRange(b.array(), pos + 12, pos + 16);
    byte[] dst = Arrays.copyOfRange(b.array(), pos + 16, pos + 20);
    int end = Math.min(b.limit(), pos + (total == 0 ? b.limit() - pos : total));
    udp(b, pos + ihl, end, micros, src, dst, out);
  }

  private static void ipv6(ByteBuffer b, int pos, long micros, List<UdpDatagram> out) {
    if (pos + 40 > b.limit()) {
      return;
    }
    int payloadLength = b.getShort(pos + 4) & 0xFFFF;
    int next = b.get(pos + 6) & 0xFF;
    byte[] src = Arrays.copyOfRange(b.array(), pos + 8, pos + 24);
    byte[] dst = Arrays.copyOfRange(b.array(), pos + 24, pos + 40);
    int end = Math.min(b.limit(), pos + 40 + payloadLength);
    pos += 40;
    while (next == 0 || next == 43 || next == 60) { // hop-by-hop, routing, destination options
      if (pos + 8 > end) {
        return;
      }
      next = b.get(pos) & 0xFF;
      pos += 8 + (b.get(pos + 1) & 0xFF) * 8;
    }
    if (next == 17) {
      udp(b, pos, end, micros, src, dst, out);
    }
  }

  private static void udp(ByteBuffer b, int pos, int end, long micros, byte[] src, byte[] dst, List<UdpDatagram> out) {
    if (pos + 8 > end) {
      return;
    }
    int srcPort = b.getShort(pos) & 0xFFFF;
    int dstPort = b.getShort(pos + 2) & 0xFFFF;
    int length = b.getShort(pos + 4) & 0xFFFF;
    int payloadEnd = length >= 8 ? Math.min(end, pos + length) : end;
    out.add(new UdpDatagram(micros, src, srcPort, dst, dstPort, Arrays.copyOfRange(b.array(), pos + 8, payloadEnd)));
  }
}

package io.flowlens.demo.encode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes datagrams into a classic pcap file (link type Ethernet) as UDP/IPv4 frames from
 * 192.0.2.1 to 192.0.2.2, so tshark can dissect them. UDP checksums are 0 (meaning "none").
 */
final class PcapWriter {
  private PcapWriter() {}

  static void write(Path file, List<byte[]> datagrams, int destinationPort) throws IOException {
    int total = 24;
    for (byte[] d : datagrams) {
      total += 16 + 14 + 20 + 8 + d.length;
    }
    ByteBuffer buf = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
    buf.putInt(0xA1B2C3D4);
    buf.putShort((short) 2);
    buf.putShort((short) 4);
    buf.putInt(0);
    buf.putInt(0);
    buf.putInt(65535);
    buf.putInt(1); // LINKTYPE_ETHERNET
    int seconds = 1_700_000_000;
    for (byte[] d : datagrams) {
      int frame = 14 + 20 + 8 + d.length;
      buf.order(ByteOrder.LITTLE_ENDIAN);
      buf.putInt(seconds++);
      buf.putInt(0);
      buf.putInt(frame);
      buf.putInt(frame);
      buf.order(ByteOrder.BIG_ENDIAN);
      buf.put(new byte[] {0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1});
      buf.putShort((short) 0x0800);
      int ip = buf.position();
      buf.put((byte) 0x45).put((byte) 0).putShort((short) (20 + 8 + d.length));
      buf.putShort((short) 0).putShort((short) 0).put((byte) 64).put((byte) 17).putShort((short) 0);
      buf.put(new byte[] {(byte) 192, 0, 2, 1}).put(new byte[] {(byte) 192, 0, 2, 2});
      int sum = 0;
      for (int i = 0; i < 20; i += 2) {
        sum += buf.getShort(ip + i) & 0xFFFF;
      }
      sum = (sum & 0xFFFF) + (sum >>> 16);
      sum = (sum & 0xFFFF) + (sum >>> 16);
      buf.putShort(ip + 10, (short) ~sum);
      buf.putShort((short) 40000).putShort((short) destinationPort);
      buf.putShort((short) (8 + d.length)).putShort((short) 0);
      buf.put(d);
    }
    Files.write(file, buf.array());
  }
}

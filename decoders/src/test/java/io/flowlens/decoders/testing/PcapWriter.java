package io.flowlens.decoders.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a classic pcap file (little-endian, microsecond timestamps, Ethernet link type) frame by
 * frame: what tests give to tshark, softflowd and pmacctd, and what {@link PcapReader} reads back.
 */
public final class PcapWriter implements AutoCloseable {
  private static final byte[] SOURCE_MAC = {0x02, 0, 0, 0, 0, 1};
  private static final byte[] DESTINATION_MAC = {0x02, 0, 0, 0, 0, 2};

  private final OutputStream out;

  public PcapWriter(Path file) throws IOException {
    out = Files.newOutputStream(file);
    ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    header.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65_535).putInt(1);
    out.write(header.array());
  }

  /** Writes whole datagrams as 192.0.2.1:40000 -> 192.0.2.2:{@code port} UDP frames, one second apart. */
  public static void writeDatagrams(Path file, List<byte[]> payloads, int port) throws IOException {
    try (PcapWriter pcap = new PcapWriter(file)) {
      long t = 1_700_000_000_000_000L;
      for (byte[] payload : payloads) {
        pcap.writeUdp(t, new byte[] {(byte) 192, 0, 2, 1}, 40_000, new byte[] {(byte) 192, 0, 2, 2}, port, payload);
        t += 1_000_000;
      }
    }
  }

  /** Writes one Ethernet frame. */
  public void writeFrame(long timestampMicros, byte[] frame) throws IOException {
    ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    record.putInt((int) (timestampMicros / 1_000_000)).putInt((int) (timestampMicros % 1_000_000))
        .putInt(frame.length).putInt(frame.length);
    out.write(record.array());
    out.write(frame);
  }

  /** Writes an IPv4 UDP datagram in an Ethernet frame (IP header checksum set; UDP checksum 0: none). */
  public void writeUdp(long timestampMicros, byte[] src, int srcPort, byte[] dst, int dstPort, byte[] payload)
      throws IOException {
    ByteBuffer f = ByteBuffer.allocate(14 + 20 + 8 + payload.length);
    f.put(DESTINATION_MAC).put(SOURCE_MAC).putShort((short) 0x0800);
    f.put((byte) 0x45).put((byte) 0).putShort((short) (20 + 8 + payload.length))
        .putShort((short) 0).putShort((short) 0).put((byte) 64).put((byte) 17).putShort((short) 0).put(src).put(dst);
    f.putShort(14 + 10, ipChecksum(f.array(), 14, 20));
    f.putShort((short) srcPort).putShort((short) dstPort).putShort((short) (8 + payload.length)).putShort((short) 0);
    f.put(payload);
    writeFrame(timestampMicros, f.array());
  }

  /** The Internet checksum (RFC 1071) of {@code length} bytes from {@code offset}. */
  public static short ipChecksum(byte[] data, int offset, int length) {
    long sum = 0;
    for (int i = 0; i < length; i += 2) {
      int hi = data[offset + i] & 0xFF;
      int lo = i + 1 < length ? data[offset + i + 1] & 0xFF : 0;
      sum += (hi << 8) | lo;
    }
    while ((sum >> 16) != 0) {
      sum = (sum & 0xFFFF) + (sum >> 16);
    }
    return (short) ~sum;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}

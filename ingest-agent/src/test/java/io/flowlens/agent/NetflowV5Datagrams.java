package io.flowlens.agent;

import java.nio.ByteBuffer;

/** Hand-made NetFlow v5 datagrams (Cisco's format: 24-byte header, 48-byte records) for unit tests. */
public final class NetflowV5Datagrams {
  private NetflowV5Datagrams() {}

  /**
   * A datagram of {@code records} TCP flows 10.0.0.i:1000+i -> 10.1.0.1:80, flow i carrying i+1 packets
   * of 100 bytes each, with header sequence {@code sequence} and sampling interval {@code sampling}.
   */
  public static byte[] datagram(long sequence, int records, int sampling) {
    ByteBuffer b = ByteBuffer.allocate(24 + 48 * records);
    b.putShort((short) 5).putShort((short) records).putInt(60_000).putInt(1_700_000_000).putInt(0)
        .putInt((int) sequence).put((byte) 0).put((byte) 1).putShort((short) (sampling & 0x3FFF));
    for (int i = 0; i < records; i++) {
      b.put(new byte[] {10, 0, 0, (byte) i}).put(new byte[] {10, 1, 0, 1}).putInt(0)
          .putShort((short) 1).putShort((short) 2)
          .putInt(i + 1).putInt(100 * (i + 1)).putInt(59_000).putInt(59_900)
          .putShort((short) (1000 + i)).putShort((short) 80)
          .put((byte) 0).put((byte) 0x1B).put((byte) 6).put((byte) 0)
          .putShort((short) 0).putShort((short) 0).put((byte) 24).put((byte) 24).putShort((short) 0);
    }
    return b.array();
  }
}

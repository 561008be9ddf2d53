package io.flowlens.agent.exporters;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a classic pcap file (microsecond timestamps, Ethernet link type) frame by frame. */
final class PcapWriter implements AutoCloseable {
  private final OutputStream out;

  PcapWriter(Path file) throws IOException {
    out = Files.newOutputStream(file);
    ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    header.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65_535).putInt(1);
    out.write(header.array());
  }

  void write(long timestampMicros, byte[] frame) throws IOException {
    ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    record.putInt((int) (timestampMicros / 1_000_000)).putInt((int) (timestampMicros % 1_000_000))
        .putInt(frame.length).putInt(frame.length);
    out.write(record.array());
    out.write(frame);
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}

package io.flowlens.decoders;

import io.netty.buffer.ByteBuf;

/**
 * What every NetFlow (v5, v9) and IPFIX decoder checks first: a datagram starts with a 2-byte
 * version number, then the rest of a fixed-size header of that version.
 */
public final class ExportPacket {
  private ExportPacket() {}

  /**
   * The datagram's readable bytes as a buffer whose index 0 is the first byte, or null, counted in
   * {@code result}, when they cannot hold a header of {@code headerSize} bytes (malformed) or start
   * with another version ({@link DropReason#UNSUPPORTED_VERSION}).
   *
   * @param headerName names the header in the malformed description ("header", "message header")
   */
  public static ByteBuf open(ByteBuf datagram, int headerSize, int version, String headerName, DecodeResult result) {
    ByteBuf buf = datagram.slice(datagram.readerIndex(), datagram.readableBytes());
    int available = buf.readableBytes();
    if (available < headerSize) {
      result.malformed("truncated " + headerName + ": " + available + " bytes", 0);
      return null;
    }
    if (buf.getUnsignedShort(0) != version) {
      result.drop(DropReason.UNSUPPORTED_VERSION, 1);
      return null;
    }
    return buf;
  }
}

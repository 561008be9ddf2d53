package io.flowlens.decoders.ipfix;

import io.netty.buffer.ByteBuf;

/**
 * The IPFIX Message Header (RFC 7011 section 3.1).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |       Version Number          |            Length             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           Export Time                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Sequence Number                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Observation Domain ID                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param length total length of the message in bytes, header included
 * @param exportTime seconds since the Unix epoch at which the message left the exporter
 * @param sequenceNumber count, modulo 2^32, of data records sent before this message in the domain
 */
public record MessageHeader(int version, int length, long exportTime, long sequenceNumber, long observationDomainId) {
  public static final int SIZE = 16;
  public static final int VERSION = 10;

  /** Reads a header at {@code offset}; the caller has checked that {@link #SIZE} bytes remain. */
  public static MessageHeader read(ByteBuf buf, int offset) {
    return new MessageHeader(
        buf.getUnsignedShort(offset),
        buf.getUnsignedShort(offset + 2),
        buf.getUnsignedInt(offset + 4),
        buf.getUnsignedInt(offset + 8),
        buf.getUnsignedInt(offset + 12));
  }
}

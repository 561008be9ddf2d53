package io.flowlens.decoders.ipfix;

import io.netty.buffer.ByteBuf;

/**
 * The header of every IPFIX Set (RFC 7011 section 3.3.2).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Set ID               |          Length               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Set ID 2 is a Template Set, 3 an Options Template Set, 0, 1 and 4-255 are not used for data,
 * and 256 and above a Data Set whose ID is its template's ID. Length covers the whole Set,
 * this header and any padding included, so a valid length is at least {@link #SIZE}.
 */
public record SetHeader(int setId, int length) {
  public static final int SIZE = 4;
  public static final int TEMPLATE = 2;
  public static final int OPTIONS_TEMPLATE = 3;
  public static final int MIN_DATA = 256;

  public static SetHeader read(ByteBuf buf, int offset) {
    return new SetHeader(buf.getUnsignedShort(offset), buf.getUnsignedShort(offset + 2));
  }
}

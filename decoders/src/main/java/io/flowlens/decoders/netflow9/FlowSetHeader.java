package io.flowlens.decoders.netflow9;

import io.netty.buffer.ByteBuf;

/**
 * The header of every NetFlow v9 FlowSet (RFC 3954 section 5.2-5.4).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |       FlowSet ID              |          Length               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>FlowSet ID 0 is a template FlowSet, 1 an options template FlowSet, 2-255 are reserved, and 256
 * and above a data FlowSet whose ID is its template's ID. Length counts the whole FlowSet including
 * this header and any padding, so a valid length is at least {@link #SIZE}.
 */
public record FlowSetHeader(int flowSetId, int length) {
  public static final int SIZE = 4;
  public static final int TEMPLATE = 0;
  public static final int OPTIONS_TEMPLATE = 1;
  public static final int MIN_DATA = 256;

  public static FlowSetHeader read(ByteBuf buf, int offset) {
    return new FlowSetHeader(buf.getUnsignedShort(offset), buf.getUnsignedShort(offset + 2));
  }
}

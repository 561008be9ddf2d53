package io.flowlens.decoders.netflow9;

import io.netty.buffer.ByteBuf;

/**
 * The NetFlow v9 packet header (RFC 3954 section 5.1).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |       Version Number          |            Count              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           sysUpTime                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           UNIX Secs                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Sequence Number                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Source ID                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>{@code count} is the number of records (templates and data) in the packet. It is not used to
 * walk the packet: softflowd, for one, sends a wrong count in packets that carry templates.
 *
 * @param sysUptimeMillis milliseconds since the exporting device booted
 * @param unixSecs seconds since the Unix epoch at export
 * @param sequenceNumber incremented by one per export packet
 * @param sourceId the exporter's observation domain
 */
public record Header(int version, int count, long sysUptimeMillis, long unixSecs, long sequenceNumber, long sourceId) {
  public static final int SIZE = 20;
  public static final int VERSION = 9;

  /** Reads a header at {@code offset}; the caller has checked that {@link #SIZE} bytes remain. */
  public static Header read(ByteBuf buf, int offset) {
    return new Header(
        buf.getUnsignedShort(offset),
        buf.getUnsignedShort(offset + 2),
        buf.getUnsignedInt(offset + 4),
        buf.getUnsignedInt(offset + 8),
        buf.getUnsignedInt(offset + 12),
        buf.getUnsignedInt(offset + 16));
  }

  /** Unix epoch milliseconds at which sysUpTime was 0: the base of FIRST_SWITCHED / LAST_SWITCHED. */
  public long bootTimeMillis() {
    return unixSecs * 1000 - sysUptimeMillis;
  }
}

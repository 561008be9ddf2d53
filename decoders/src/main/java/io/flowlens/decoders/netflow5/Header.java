package io.flowlens.decoders.netflow5;

import io.netty.buffer.ByteBuf;

/**
 * The NetFlow v5 header (Cisco's "NetFlow Export Datagram Format", version 5).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           version             |            count              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          sys_uptime                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          unix_secs                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          unix_nsecs                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        flow_sequence                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  engine_type  |   engine_id   |mode |    sampling_interval    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param count flow records in the datagram (1-30)
 * @param flowSequence count of flow records sent before this datagram
 * @param samplingInterval the low 14 bits of the last field (the top 2 bits are the sampling mode)
 */
public record Header(
    int version,
    int count,
    long sysUptimeMillis,
    long unixSecs,
    long unixNsecs,
    long flowSequence,
    int engineType,
    int engineId,
    int samplingInterval) {
  public static final int SIZE = 24;
  public static final int VERSION = 5;

  /** Reads a header at {@code offset}; the caller has checked that {@link #SIZE} bytes remain. */
  public static Header read(ByteBuf buf, int offset) {
    return new Header(
        buf.getUnsignedShort(offset),
        buf.getUnsignedShort(offset + 2),
        buf.getUnsignedInt(offset + 4),
        buf.getUnsignedInt(offset + 8),
        buf.getUnsignedInt(offset + 12),
        buf.getUnsignedInt(offset + 16),
        buf.getUnsignedByte(offset + 20),
        buf.getUnsignedByte(offset + 21),
        buf.getUnsignedShort(offset + 22) & 0x3FFF);
  }

  /** Unix epoch milliseconds at which sys_uptime was 0: the base of a record's first/last. */
  public long bootTimeMillis() {
    return unixSecs * 1000 + unixNsecs / 1_000_000 - sysUptimeMillis;
  }

  /** The engine type and id as one number: v5's nearest thing to an observation domain. */
  public long observationDomainId() {
    return ((long) engineType << 8) | engineId;
  }
}

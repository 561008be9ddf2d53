package io.flowlens.decoders.template;

import io.flowlens.decoders.DropReason;
import io.netty.buffer.ByteBuf;

/**
 * Decodes the data sets of one NetFlow v9 packet or IPFIX message, once {@link SetWalker} has
 * validated every set header and learnt the packet's templates.
 *
 * <p>Options data is decoded first, so that the sampling rates and system init time a packet
 * announces apply to all of its flows wherever the sets stand; then flow data. Each walk looks a
 * template up once per set, without a lock ({@link DomainState#template}). A data set whose
 * template is unknown is counted, one {@link DropReason#TEMPLATE_MISSING} per set; a malformed set
 * ends the walk, keeping what was decoded before it.
 */
final class DataSetDecoder {
  /** The largest UDP payload, so any datagram fits. */
  private static final int MAX_DATAGRAM = 65_535;

  /**
   * Where a decode thread copies a datagram held in a direct buffer (as Netty's datagram channels
   * give them), so records are read from an array without allocating one per datagram. Nothing
   * outlives the decode call: addresses are copied out of it into each record.
   */
  private static final ThreadLocal<byte[]> DIRECT_COPY = ThreadLocal.withInitial(() -> new byte[MAX_DATAGRAM]);

  private DataSetDecoder() {}

  /**
   * Decodes the data sets in {@code [from, to)} of {@code buf} (index 0 is the datagram's first
   * byte; the set headers there are valid) into the context's result and domain state.
   */
  static void decode(ByteBuf buf, int from, int to, RecordContext ctx) {
    // Records are read from a byte array: Netty's per-call index checks and indirections dominate
    // a loop that reads a few bytes per field. A direct buffer is copied once for the datagram.
    final byte[] a;
    final int off;
    if (buf.hasArray()) {
      a = buf.array();
      off = buf.arrayOffset();
    } else {
      a = to <= MAX_DATAGRAM ? DIRECT_COPY.get() : new byte[to];
      buf.getBytes(0, a, 0, to);
      off = 0;
    }
    final DomainState state = ctx.state;
    final long now = ctx.receivedAtMillis;
    int end = to;
    int expected = 0;
    for (int pos = from; pos < end; pos += u16(a, off + pos + 2)) {
      int id = u16(a, off + pos);
      if (id < SetWalker.MIN_DATA_SET_ID) {
        continue;
      }
      Template t = state.template(id, now);
      if (t == null) {
        continue;
      }
      int setEnd = pos + u16(a, off + pos + 2);
      if (!t.isOptions()) {
        // Room for every record the set can hold, so the result's list never grows while decoding.
        expected += t.minLength > 0 ? (setEnd - pos - SetWalker.SET_HEADER_SIZE) / t.minLength : 0;
      } else if (!DataRecordDecoder.decodeOptions(a, off, pos + SetWalker.SET_HEADER_SIZE, setEnd, t, ctx)) {
        end = pos;
        break;
      }
    }
    ctx.result.expectFlows(expected);
    ctx.beginFlows();
    for (int pos = from; pos < end; pos += u16(a, off + pos + 2)) {
      int id = u16(a, off + pos);
      if (id < SetWalker.MIN_DATA_SET_ID) {
        continue;
      }
      Template t = state.template(id, now);
      if (t == null) {
        ctx.result.drop(DropReason.TEMPLATE_MISSING, 1);
      } else if (!t.isOptions()
          && !DataRecordDecoder.decodeFlows(a, off, pos + SetWalker.SET_HEADER_SIZE, pos + u16(a, off + pos + 2), t, ctx)) {
        return;
      }
    }
  }

  private static int u16(byte[] a, int at) {
    return ((a[at] & 0xFF) << 8) | (a[at + 1] & 0xFF);
  }
}

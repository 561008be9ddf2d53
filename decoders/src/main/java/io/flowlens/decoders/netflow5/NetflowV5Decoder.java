package io.flowlens.decoders.netflow5;

import io.flowlens.decoders.Addresses;
import io.flowlens.decoders.DatagramDecoder;
import io.flowlens.decoders.DecodeResult;
import io.flowlens.decoders.ExportPacket;
import io.flowlens.decoders.ExportSource;
import io.flowlens.decoders.Protocol;
import io.flowlens.decoders.IcmpNormalisation;
import io.flowlens.schema.FlowDirection;
import io.flowlens.schema.FlowRecord;
import io.flowlens.schema.FlowType;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;

/**
 * Decodes NetFlow v5 datagrams: a fixed header and up to 30 fixed 48-byte records. A count the
 * datagram cannot back is malformed and nothing is decoded: a v5 datagram's length is exactly
 * determined by its count, so a mismatch means the header cannot be trusted.
 */
public final class NetflowV5Decoder implements DatagramDecoder {
  /** The most records a v5 datagram carries (Cisco's format definition). */
  public static final int MAX_COUNT = 30;

  @Override
  public DecodeResult decode(ByteBuf datagram, ExportSource source) {
    DecodeResult result = new DecodeResult().protocol(Protocol.NETFLOW_V5);
    ByteBuf buf = ExportPacket.open(datagram, Header.SIZE, Header.VERSION, "header", result);
    if (buf == null) {
      return result;
    }
    int end = buf.readableBytes();
    Header h = Header.read(buf, 0);
    int count = h.count();
    if (count == 0 || count > MAX_COUNT) {
      result.malformed("record count " + count + " is not 1-" + MAX_COUNT, 2);
      return result;
    }
    if ((long) count * Record.SIZE > end - Header.SIZE) {
      result.malformed("record count " + count + " needs " + count * Record.SIZE + " bytes, "
          + (end - Header.SIZE) + " left", 2);
      return result;
    }
    long domain = h.observationDomainId();
    result.sequence(domain, h.flowSequence(), count);
    long boot = h.bootTimeMillis();
    byte[] exporter = source.address().clone();
    for (int i = 0; i < count; i++) {
      int p = Header.SIZE + i * Record.SIZE;
      FlowRecord r = new FlowRecord();
      r.setType(FlowType.NETFLOW_V5);
      r.setTimeReceivedMs(source.receivedAtMillis());
      r.setExporterAddress(ByteBuffer.wrap(exporter));
      r.setObservationDomainId(domain);
      r.setSequenceNumber(h.flowSequence());
      r.setSamplingRate(h.samplingInterval());
      r.setSrcAddr(address(buf, p + Record.SRCADDR));
      r.setDstAddr(address(buf, p + Record.DSTADDR));
      long nextHop = buf.getUnsignedInt(p + Record.NEXTHOP);
      r.setNextHop(nextHop == 0 ? Addresses.EMPTY : address(buf, p + Record.NEXTHOP));
      r.setInIf(buf.getUnsignedShort(p + Record.INPUT));
      r.setOutIf(buf.getUnsignedShort(p + Record.OUTPUT));
      r.setPackets(buf.getUnsignedInt(p + Record.DPKTS));
      r.setBytes(buf.getUnsignedInt(p + Record.DOCTETS));
      r.setFlowStartMs(boot + buf.getUnsignedInt(p + Record.FIRST));
      r.setFlowEndMs(boot + buf.getUnsignedInt(p + Record.LAST));
      r.setSrcPort(buf.getUnsignedShort(p + Record.SRCPORT));
      r.setDstPort(buf.getUnsignedShort(p + Record.DSTPORT));
      r.setTcpFlags(buf.getUnsignedByte(p + Record.TCP_FLAGS));
      r.setProto(buf.getUnsignedByte(p + Record.PROT));
      r.setTos(buf.getUnsignedByte(p + Record.TOS));
      r.setSrcAs(buf.getUnsignedShort(p + Record.SRC_AS));
      r.setDstAs(buf.getUnsignedShort(p + Record.DST_AS));
      r.setSrcPrefixLen(buf.getUnsignedByte(p + Record.SRC_MASK));
      r.setDstPrefixLen(buf.getUnsignedByte(p + Record.DST_MASK));
      r.setEtype(0x0800);
      r.setDirection(FlowDirection.UNKNOWN);
      IcmpNormalisation.apply(r, -1, -1, -1);
      result.addFlow(r);
    }
    return result;
  }

  private static ByteBuffer address(ByteBuf buf, int offset) {
    byte[] a = new byte[4];
    buf.getBytes(offset, a);
    return ByteBuffer.wrap(a);
  }
}

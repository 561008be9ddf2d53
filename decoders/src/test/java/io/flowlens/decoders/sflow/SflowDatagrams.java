package io.flowlens.decoders.sflow;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** Writes sFlow v5 datagrams in XDR (big-endian, opaque data padded to 4 bytes), for tests. */
final class SflowDatagrams {
  private SflowDatagrams() {}

  static byte[] datagram(byte[] agent, long subAgentId, long sequence, byte[]... samples) {
    return datagram(agent, subAgentId, sequence, samples.length, samples);
  }

  /** A datagram whose header declares {@code sampleCount}, whatever follows. */
  static byte[] datagram(byte[] agent, long subAgentId, long sequence, long sampleCount, byte[]... samples) {
    ByteBuf b = Unpooled.buffer();
    b.writeInt(5);
    b.writeInt(agent.length == 4 ? 1 : 2);
    b.writeBytes(agent);
    b.writeInt((int) subAgentId);
    b.writeInt((int) sequence);
    b.writeInt(123456);
    b.writeInt((int) sampleCount);
    for (byte[] sample : samples) {
      b.writeBytes(sample);
    }
    return bytes(b);
  }

  /** data_format (enterprise, format) and the opaque body: a sample or a flow record. */
  static byte[] framed(int enterprise, int format, byte[] body) {
    ByteBuf b = Unpooled.buffer();
    b.writeInt((enterprise << 12) | format);
    b.writeInt(body.length);
    b.writeBytes(body);
    b.writeZero(-body.length & 3);
    return bytes(b);
  }

  static byte[] flowSample(long sequence, long sourceId, long rate, long input, long output, byte[]... records) {
    ByteBuf b = Unpooled.buffer();
    b.writeInt((int) sequence);
    b.writeInt((int) sourceId);
    b.writeInt((int) rate);
    b.writeInt((int) (sequence * rate));
    b.writeInt(0);
    b.writeInt((int) input);
    b.writeInt((int) output);
    b.writeInt(records.length);
    for (byte[] record : records) {
      b.writeBytes(record);
    }
    return framed(0, SflowDecoder.SAMPLE_FLOW, bytes(b));
  }

  static byte[] expandedFlowSample(long sequence, long rate, long inFormat, long inValue, long outFormat,
      long outValue, byte[]... records) {
    ByteBuf b = Unpooled.buffer();
    b.writeInt((int) sequence);
    b.writeInt(0);
    b.writeInt(7);
    b.writeInt((int) rate);
    b.writeInt((int) (sequence * rate));
    b.writeInt(3);
    b.writeInt((int) inFormat);
    b.writeInt((int) inValue);
    b.writeInt((int) outFormat);
    b.writeInt((int) outValue);
    b.writeInt(records.length);
    for (byte[] record : records) {
      b.writeBytes(record);
    }
    return framed(0, SflowDecoder.SAMPLE_FLOW_EXPANDED, bytes(b));
  }

  /** A generic interface counters sample (counter record 1), as agents send every few seconds. */
  static byte[] counterSample(boolean expanded) {
    ByteBuf record = Unpooled.buffer();
    record.writeZero(88);
    ByteBuf b = Unpooled.buffer();
    b.writeInt(9);
    if (expanded) {
      b.writeInt(0);
    }
    b.writeInt(4);
    b.writeInt(1);
    b.writeBytes(framed(0, 1, bytes(record)));
    return framed(0, expanded ? SflowDecoder.SAMPLE_COUNTERS_EXPANDED : SflowDecoder.SAMPLE_COUNTERS, bytes(b));
  }

  static byte[] rawHeader(int protocol, long frameLength, byte[] header) {
    ByteBuf b = Unpooled.buffer();
    b.writeInt(protocol);
    b.writeInt((int) frameLength);
    b.writeInt(4);
    b.writeInt(header.length);
    b.writeBytes(header);
    b.writeZero(-header.length & 3);
    return framed(0, SflowDecoder.RECORD_RAW_HEADER, bytes(b));
  }

  static byte[] sampledEthernet(long length, long srcMac, long dstMac, int etype) {
    ByteBuf b = Unpooled.buffer();
    b.writeInt((int) length);
    b.writeShort((int) (srcMac >>> 32)).writeInt((int) srcMac).writeZero(2);
    b.writeShort((int) (dstMac >>> 32)).writeInt((int) dstMac).writeZero(2);
    b.writeInt(etype);
    return framed(0, SflowDecoder.RECORD_ETHERNET, bytes(b));
  }

  static byte[] sampledIp(long length, int proto, byte[] src, byte[] dst, int srcPort, int dstPort, int flags, int tos) {
    ByteBuf b = Unpooled.buffer();
    b.writeInt((int) length);
    b.writeInt(proto);
    b.writeBytes(src);
    b.writeBytes(dst);
    b.writeInt(srcPort);
    b.writeInt(dstPort);
    b.writeInt(flags);
    b.writeInt(tos);
    return framed(0, src.length == 4 ? SflowDecoder.RECORD_IPV4 : SflowDecoder.RECORD_IPV6, bytes(b));
  }

  static byte[] extendedSwitch(long srcVlan, long dstVlan) {
    ByteBuf b = Unpooled.buffer();
    b.writeInt((int) srcVlan).writeInt(0).writeInt((int) dstVlan).writeInt(0);
    return framed(0, SflowDecoder.RECORD_EXTENDED_SWITCH, bytes(b));
  }

  static byte[] extendedRouter(byte[] nextHop, int srcMask, int dstMask) {
    ByteBuf b = Unpooled.buffer();
    writeAddress(b, nextHop);
    b.writeInt(srcMask).writeInt(dstMask);
    return framed(0, SflowDecoder.RECORD_EXTENDED_ROUTER, bytes(b));
  }

  /** extended_gateway with {@code path} as segments of AS numbers (type AS_SEQUENCE = 2). */
  static byte[] extendedGateway(byte[] nextHop, long routerAs, long srcAs, long srcPeerAs, long[][] path) {
    ByteBuf b = Unpooled.buffer();
    writeAddress(b, nextHop);
    b.writeInt((int) routerAs).writeInt((int) srcAs).writeInt((int) srcPeerAs);
    b.writeInt(path.length);
    for (long[] segment : path) {
      b.writeInt(2).writeInt(segment.length);
      for (long as : segment) {
        b.writeInt((int) as);
      }
    }
    b.writeInt(1).writeInt(0xFFFF0001); // one community
    b.writeInt(100); // localpref
    return framed(0, SflowDecoder.RECORD_EXTENDED_GATEWAY, bytes(b));
  }

  private static void writeAddress(ByteBuf b, byte[] address) {
    b.writeInt(address.length == 0 ? 0 : address.length == 4 ? 1 : 2);
    b.writeBytes(address);
  }

  private static byte[] bytes(ByteBuf b) {
    byte[] out = new byte[b.readableBytes()];
    b.readBytes(out);
    return out;
  }
}

package io.flowlens.decoders.sflow;

import io.netty.buffer.ByteBuf;

/**
 * What one flow sample's records say about the sampled packet, gathered before it becomes a
 * FlowRecord. Mutable and reset for every sample, so that a datagram's samples share one instance
 * and decoding allocates nothing per sample but the record itself. Addresses are kept as indexes
 * into the datagram and copied only when the record is built.
 */
final class SampledFlow {
  /** No address: {@link #addressLength} is 0. */
  static final int NONE = -1;

  ByteBuf buf;

  // From the raw packet header (or, when it has none, the sampled IPv4/IPv6/Ethernet records).
  boolean hasMacs;
  long srcMac;
  long dstMac;
  /** Outer-most 802.1Q/802.1ad VLAN id of the header; 0 when untagged. */
  int headerVlan;
  int etype;
  int addressLength;
  int srcAddrIndex;
  int dstAddrIndex;
  int proto;
  int tos;
  int srcPort;
  int dstPort;
  int tcpFlags;
  int icmpType;
  int icmpCode;

  // Per-record facts.
  long frameLength;
  boolean hasHeader;
  int ethernetRecord;
  int ipv4Record;
  int ipv6Record;
  long switchSrcVlan;
  long switchDstVlan;
  int nextHopLength;
  int nextHopIndex;
  boolean nextHopFromRouter;
  int srcPrefixLen;
  int dstPrefixLen;
  long srcAs;
  long dstAs;

  void reset(ByteBuf datagram) {
    buf = datagram;
    hasMacs = false;
    srcMac = 0;
    dstMac = 0;
    headerVlan = 0;
    etype = 0;
    addressLength = 0;
    srcAddrIndex = NONE;
    dstAddrIndex = NONE;
    proto = 0;
    tos = 0;
    srcPort = 0;
    dstPort = 0;
    tcpFlags = 0;
    icmpType = 0;
    icmpCode = 0;
    frameLength = 0;
    hasHeader = false;
    ethernetRecord = NONE;
    ipv4Record = NONE;
    ipv6Record = NONE;
    switchSrcVlan = NONE;
    switchDstVlan = NONE;
    nextHopLength = 0;
    nextHopIndex = NONE;
    nextHopFromRouter = false;
    srcPrefixLen = 0;
    dstPrefixLen = 0;
    srcAs = 0;
    dstAs = 0;
  }

  boolean hasAddresses() {
    return addressLength != 0;
  }
}

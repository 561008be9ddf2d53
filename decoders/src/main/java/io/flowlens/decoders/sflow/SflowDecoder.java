package io.flowlens.decoders.sflow;

import io.flowlens.decoders.Addresses;
import io.flowlens.decoders.DatagramDecoder;
import io.flowlens.decoders.DecodeResult;
import io.flowlens.decoders.DropReason;
import io.flowlens.decoders.ExportSource;
import io.flowlens.decoders.IcmpNormalisation;
import io.flowlens.decoders.Protocol;
import io.flowlens.schema.FlowDirection;
import io.flowlens.schema.FlowRecord;
import io.flowlens.schema.FlowType;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;

/**
 * Decodes sFlow v5 datagrams (sflow.org, sflow_version_5.txt; XDR: big-endian, opaque data padded to
 * 4 bytes) into one {@link FlowRecord} per flow sample, plain (format 1) or expanded (format 3).
 * Counter samples (formats 2 and 4) are only counted.
 *
 * <pre>
 * datagram:    version(5) | agent address type (1 IPv4, 2 IPv6) | agent address (4|16)
 *              | sub_agent_id | sequence_number | uptime | sample count | samples...
 * sample:      data_format (enterprise:20 | format:12) | length | data (length, padded to 4)
 * flow sample: sequence_number | source_id | sampling_rate | sample_pool | drops | input | output
 *              | record count | records (data_format | length | data)...
 * </pre>
 *
 * <p>Every length and count from the wire is checked against what remains before it is used; the
 * sample count is only an upper bound and never sizes anything. A sample that overruns the datagram
 * ends the walk ({@link DecodeResult#malformed}); records decoded before it stay. A flow sample whose
 * own fields or records overrun the sample is dropped as malformed, and the walk goes on with the
 * next sample, whose position the outer, already checked length still gives. Unknown sample formats
 * or enterprises are skipped by their length and counted {@link DropReason#UNSUPPORTED_RECORD};
 * unknown flow records inside a known sample are skipped silently.
 *
 * <p>Mapping to the record:
 * <ul>
 *   <li>bytes = frame_length of the raw packet header record (the sampled frame, FCS included, as
 *       pmacct, nfdump and goflow2 count it); without one, the sampled Ethernet record's length, else
 *       the sampled IPv4/IPv6 record's length. packets = 1. Counters are not scaled.
 *   <li>Addresses, ports, protocol, ToS, TCP flags, ICMP type/code, MACs and Ethertype come from the
 *       raw header; the sampled IPv4/IPv6 and Ethernet records fill them only when the header did
 *       not. ICMP and ICMPv6 carry type/code in icmp_type/icmp_code and leave the ports 0
 *       ({@link IcmpNormalisation}, as for NetFlow and IPFIX); the sampled IPv4/IPv6 records give
 *       them in their src_port/dst_port fields.
 *   <li>Interfaces: an ifIndex (format 0) is kept as sent, except 0x3FFFFFFF, which means "the
 *       agent itself" (locally originated or terminated traffic) and becomes 0. A discarded packet
 *       (output format 1, the value is a drop reason) and a packet sent to several interfaces
 *       (format 2, the value is their number) have no single output ifIndex: out_if is 0 for both,
 *       as for "not sent" throughout the record. The same rules apply to the input interface.
 *   <li>VLANs: src_vlan/dst_vlan of the extended switch record when they are valid ids (1..4095);
 *       otherwise src_vlan is the outer-most 802.1Q/802.1ad tag of the raw header.
 *   <li>next_hop and prefix lengths from the extended router record (the extended gateway's next
 *       hop when there is no router record); src_as as the gateway record sends it; dst_as the last
 *       AS of the first segment of the destination AS path, or the router's own AS when the path is
 *       empty (the destination is in this AS).
 *   <li>sequence_number = the flow sample's sequence number; observation_domain_id = sub_agent_id;
 *       exporter_address = the agent address of the datagram; all times = the receive time.
 * </ul>
 *
 * <p>Holds no state: one instance may decode on any number of threads.
 */
public final class SflowDecoder implements DatagramDecoder {
  static final int VERSION = 5;

  static final int SAMPLE_FLOW = 1;
  static final int SAMPLE_COUNTERS = 2;
  static final int SAMPLE_FLOW_EXPANDED = 3;
  static final int SAMPLE_COUNTERS_EXPANDED = 4;

  static final int RECORD_RAW_HEADER = 1;
  static final int RECORD_ETHERNET = 2;
  static final int RECORD_IPV4 = 3;
  static final int RECORD_IPV6 = 4;
  static final int RECORD_EXTENDED_SWITCH = 1001;
  static final int RECORD_EXTENDED_ROUTER = 1002;
  static final int RECORD_EXTENDED_GATEWAY = 1003;

  /** Interface value meaning the agent itself: traffic it originates or terminates. */
  static final long INTERFACE_LOCAL = 0x3FFFFFFFL;
  private static final int INTERFACE_FORMAT_IFINDEX = 0;

  private static final int FLOW_SAMPLE_FIXED = 32;
  private static final int FLOW_SAMPLE_EXPANDED_FIXED = 44;
  private static final int RAW_HEADER_FIXED = 16;
  private static final int ETHERNET_LENGTH = 24;
  private static final int IPV4_LENGTH = 32;
  private static final int IPV6_LENGTH = 56;
  private static final int EXTENDED_SWITCH_LENGTH = 16;
  private static final int MAX_VLAN = 4095;
  private static final int PROTO_ICMP = 1;
  private static final int PROTO_ICMPV6 = 58;

  @Override
  public DecodeResult decode(ByteBuf buf, ExportSource source) {
    DecodeResult result = new DecodeResult().protocol(Protocol.SFLOW_V5);
    int base = buf.readerIndex();
    int end = buf.writerIndex();
    if (end - base < 4) {
      result.malformed("datagram of " + (end - base) + " bytes has no version", 0);
      return result;
    }
    long version = buf.getUnsignedInt(base);
    if (version != VERSION) {
      result.protocol(Protocol.UNKNOWN);
      result.drop(DropReason.UNSUPPORTED_VERSION, 1);
      return result;
    }
    int p = base + 4;
    if (end - p < 4) {
      result.malformed("datagram header truncated before the agent address", p - base);
      return result;
    }
    long addressType = buf.getUnsignedInt(p);
    int addressLength = addressType == 1 ? 4 : addressType == 2 ? 16 : 0;
    if (addressLength == 0) {
      result.malformed("agent address type " + addressType, p - base);
      return result;
    }
    p += 4;
    if (end - p < addressLength + 16) {
      result.malformed("datagram header truncated", p - base);
      return result;
    }
    byte[] agent = new byte[addressLength];
    buf.getBytes(p, agent);
    p += addressLength;
    long subAgentId = buf.getUnsignedInt(p);
    long sequence = buf.getUnsignedInt(p + 4);
    long sampleCount = buf.getUnsignedInt(p + 12);
    p += 16;
    result.sequence(subAgentId, sequence, 1);

    Datagram datagram = new Datagram(buf, base, agent, subAgentId, source.receivedAtMillis(), result);
    for (long i = 0; i < sampleCount; i++) {
      if (end - p < 8) {
        result.malformed("datagram ends after " + i + " of " + sampleCount + " samples", p - base);
        break;
      }
      int format = buf.getInt(p);
      long length = buf.getUnsignedInt(p + 4);
      if (length > end - p - 8) {
        result.malformed("sample length " + length + " overruns the datagram", p - base);
        break;
      }
      int start = p + 8;
      int sampleEnd = start + (int) length;
      if (format >>> 12 != 0) {
        result.drop(DropReason.UNSUPPORTED_RECORD, 1);
      } else {
        switch (format & 0xFFF) {
          case SAMPLE_FLOW -> flowSample(datagram, p, start, sampleEnd, false);
          case SAMPLE_FLOW_EXPANDED -> flowSample(datagram, p, start, sampleEnd, true);
          case SAMPLE_COUNTERS, SAMPLE_COUNTERS_EXPANDED -> result.addCounterSamples(1);
          default -> result.drop(DropReason.UNSUPPORTED_RECORD, 1);
        }
      }
      p = Math.min(end, sampleEnd + padding(length));
    }
    return result;
  }

  /** XDR pads opaque data to a multiple of 4 bytes. */
  private static int padding(long length) {
    return (int) (-length & 3);
  }

  /** Decodes the flow sample at {@code [start, end)}; {@code at} is its header, for messages. */
  private static void flowSample(Datagram d, int at, int start, int end, boolean expanded) {
    ByteBuf buf = d.buf;
    if (end - start < (expanded ? FLOW_SAMPLE_EXPANDED_FIXED : FLOW_SAMPLE_FIXED)) {
      d.result.malformed("flow sample of " + (end - start) + " bytes is shorter than its fields", at - d.base);
      return;
    }
    long sequence = buf.getUnsignedInt(start);
    int q = start + (expanded ? 12 : 8);
    long samplingRate = buf.getUnsignedInt(q);
    q += 12; // sampling_rate, sample_pool, drops
    long inIf;
    long outIf;
    if (expanded) {
      inIf = ifIndex(buf.getUnsignedInt(q), buf.getUnsignedInt(q + 4));
      outIf = ifIndex(buf.getUnsignedInt(q + 8), buf.getUnsignedInt(q + 12));
      q += 16;
    } else {
      long input = buf.getUnsignedInt(q);
      long output = buf.getUnsignedInt(q + 4);
      inIf = ifIndex(input >>> 30, input & INTERFACE_LOCAL);
      outIf = ifIndex(output >>> 30, output & INTERFACE_LOCAL);
      q += 8;
    }
    long recordCount = buf.getUnsignedInt(q);
    q += 4;

    SampledFlow flow = d.flow;
    flow.reset(buf);
    for (long r = 0; r < recordCount; r++) {
      if (end - q < 8) {
        d.result.malformed("flow sample ends after " + r + " of " + recordCount + " records", q - d.base);
        return;
      }
      int format = buf.getInt(q);
      long length = buf.getUnsignedInt(q + 4);
      if (length > end - q - 8) {
        d.result.malformed("flow record length " + length + " overruns its sample", q - d.base);
        return;
      }
      int recordStart = q + 8;
      int recordEnd = recordStart + (int) length;
      if (format >>> 12 == 0 && !flowRecord(buf, format & 0xFFF, recordStart, recordEnd, flow)) {
        d.result.malformed("flow record " + (format & 0xFFF) + " of " + length + " bytes is shorter than its fields",
            q - d.base);
        return;
      }
      q = Math.min(end, recordEnd + padding(length));
    }
    d.result.addFlow(d.record(flow, sequence, samplingRate, inIf, outIf));
  }

  /** The ifIndex of an interface, or 0 where there is no single one (see the class comment). */
  private static long ifIndex(long format, long value) {
    return format == INTERFACE_FORMAT_IFINDEX && value != INTERFACE_LOCAL ? value : 0;
  }

  /**
   * Takes what a flow record says into {@code flow}; false when the record is too short for the
   * fields its format defines. Records of other formats are ignored.
   */
  private static boolean flowRecord(ByteBuf buf, int format, int p, int end, SampledFlow flow) {
    int length = end - p;
    switch (format) {
      case RECORD_RAW_HEADER -> {
        if (length < RAW_HEADER_FIXED) {
          return false;
        }
        int headerProtocol = buf.getInt(p);
        long frameLength = buf.getUnsignedInt(p + 4);
        long headerLength = buf.getUnsignedInt(p + 12);
        if (headerLength > length - RAW_HEADER_FIXED) {
          return false;
        }
        flow.hasHeader = true;
        flow.frameLength = frameLength;
        int headerStart = p + RAW_HEADER_FIXED;
        SflowHeaderParser.parse(buf, headerProtocol, headerStart, headerStart + (int) headerLength, flow);
        return true;
      }
      case RECORD_ETHERNET -> {
        if (length < ETHERNET_LENGTH) {
          return false;
        }
        flow.ethernetRecord = p;
        return true;
      }
      case RECORD_IPV4 -> {
        if (length < IPV4_LENGTH) {
          return false;
        }
        flow.ipv4Record = p;
        return true;
      }
      case RECORD_IPV6 -> {
        if (length < IPV6_LENGTH) {
          return false;
        }
        flow.ipv6Record = p;
        return true;
      }
      case RECORD_EXTENDED_SWITCH -> {
        if (length < EXTENDED_SWITCH_LENGTH) {
          return false;
        }
        flow.switchSrcVlan = buf.getUnsignedInt(p);
        flow.switchDstVlan = buf.getUnsignedInt(p + 8);
        return true;
      }
      case RECORD_EXTENDED_ROUTER -> {
        return extendedRouter(buf, p, end, flow);
      }
      case RECORD_EXTENDED_GATEWAY -> {
        return extendedGateway(buf, p, end, flow);
      }
      default -> {
        return true;
      }
    }
  }

  /** Length of the address that follows an sFlow address type, or -1 for an unknown type. */
  private static int addressLength(long type) {
    return type == 0 ? 0 : type == 1 ? 4 : type == 2 ? 16 : -1;
  }

  /** extended_router: next_hop (address), src_mask_len, dst_mask_len. */
  private static boolean extendedRouter(ByteBuf buf, int p, int end, SampledFlow flow) {
    if (end - p < 4) {
      return false;
    }
    int nextHopLength = addressLength(buf.getUnsignedInt(p));
    if (nextHopLength < 0 || end - p < 4 + nextHopLength + 8) {
      return false;
    }
    flow.nextHopLength = nextHopLength;
    flow.nextHopIndex = p + 4;
    flow.nextHopFromRouter = true;
    p += 4 + nextHopLength;
    flow.srcPrefixLen = (int) Math.min(buf.getUnsignedInt(p), 128);
    flow.dstPrefixLen = (int) Math.min(buf.getUnsignedInt(p + 4), 128);
    return true;
  }

  /**
   * extended_gateway: next_hop (address), as (the router's), src_as, src_peer_as, dst_as_path
   * (segments of type and AS numbers), communities, localpref. Only the first path segment is read.
   */
  private static boolean extendedGateway(ByteBuf buf, int p, int end, SampledFlow flow) {
    if (end - p < 4) {
      return false;
    }
    int nextHopLength = addressLength(buf.getUnsignedInt(p));
    if (nextHopLength < 0 || end - p < 4 + nextHopLength + 16) {
      return false;
    }
    int nextHopIndex = p + 4;
    p += 4 + nextHopLength;
    long routerAs = buf.getUnsignedInt(p);
    long srcAs = buf.getUnsignedInt(p + 4);
    long segments = buf.getUnsignedInt(p + 12);
    p += 16;
    long dstAs = routerAs;
    if (segments > 0) {
      if (end - p < 8) {
        return false;
      }
      long asCount = buf.getUnsignedInt(p + 4);
      if (asCount > (end - p - 8) / 4) {
        return false;
      }
      if (asCount > 0) {
        dstAs = buf.getUnsignedInt(p + 8 + (int) (asCount - 1) * 4);
      }
    }
    if (!flow.nextHopFromRouter) {
      flow.nextHopLength = nextHopLength;
      flow.nextHopIndex = nextHopIndex;
    }
    flow.srcAs = srcAs;
    flow.dstAs = dstAs;
    return true;
  }

  /** What all samples of one datagram share, and the scratch they reuse. */
  private static final class Datagram {
    final ByteBuf buf;
    final int base;
    final byte[] agent;
    final long subAgentId;
    final long receivedAtMillis;
    final DecodeResult result;
    final SampledFlow flow = new SampledFlow();

    Datagram(ByteBuf buf, int base, byte[] agent, long subAgentId, long receivedAtMillis, DecodeResult result) {
      this.buf = buf;
      this.base = base;
      this.agent = agent;
      this.subAgentId = subAgentId;
      this.receivedAtMillis = receivedAtMillis;
      this.result = result;
    }

    FlowRecord record(SampledFlow flow, long sequence, long samplingRate, long inIf, long outIf) {
      if (!flow.hasAddresses()) {
        if (flow.ipv4Record != SampledFlow.NONE) {
          sampledIp(flow, flow.ipv4Record, 4, SflowHeaderParser.ETYPE_IPV4);
        } else if (flow.ipv6Record != SampledFlow.NONE) {
          sampledIp(flow, flow.ipv6Record, 16, SflowHeaderParser.ETYPE_IPV6);
        }
      }
      if (!flow.hasMacs && flow.ethernetRecord != SampledFlow.NONE) {
        int e = flow.ethernetRecord;
        flow.srcMac = SflowHeaderParser.mac(buf, e + 4);
        flow.dstMac = SflowHeaderParser.mac(buf, e + 12);
        if (flow.etype == 0) {
          flow.etype = (int) Math.min(buf.getUnsignedInt(e + 20), 0xFFFF);
        }
      }
      long bytes;
      if (flow.hasHeader) {
        bytes = flow.frameLength;
      } else if (flow.ethernetRecord != SampledFlow.NONE) {
        bytes = buf.getUnsignedInt(flow.ethernetRecord);
      } else if (flow.ipv4Record != SampledFlow.NONE) {
        bytes = buf.getUnsignedInt(flow.ipv4Record);
      } else if (flow.ipv6Record != SampledFlow.NONE) {
        bytes = buf.getUnsignedInt(flow.ipv6Record);
      } else {
        bytes = 0;
      }

      FlowRecord record = new FlowRecord();
      record.setType(FlowType.SFLOW_V5);
      record.setTimeReceivedMs(receivedAtMillis);
      // The datagram's own copy of the agent address, shared by its records as NetFlow's share theirs.
      record.setExporterAddress(ByteBuffer.wrap(agent));
      record.setObservationDomainId(subAgentId);
      record.setSequenceNumber(sequence);
      record.setSamplingRate(samplingRate);
      record.setFlowStartMs(receivedAtMillis);
      record.setFlowEndMs(receivedAtMillis);
      record.setBytes(bytes);
      record.setPackets(1);
      record.setSrcAddr(address(flow.srcAddrIndex, flow.addressLength));
      record.setDstAddr(address(flow.dstAddrIndex, flow.addressLength));
      record.setSrcPort(flow.srcPort);
      record.setDstPort(flow.dstPort);
      record.setProto(flow.proto);
      record.setEtype(flow.etype);
      record.setInIf(inIf);
      record.setOutIf(outIf);
      record.setTcpFlags(flow.tcpFlags);
      record.setTos(flow.tos);
      record.setNextHop(address(flow.nextHopIndex, flow.nextHopLength));
      record.setSrcAs(flow.srcAs);
      record.setDstAs(flow.dstAs);
      record.setSrcPrefixLen(flow.srcPrefixLen);
      record.setDstPrefixLen(flow.dstPrefixLen);
      record.setSrcVlan(validVlan(flow.switchSrcVlan) ? (int) flow.switchSrcVlan : flow.headerVlan);
      record.setDstVlan(validVlan(flow.switchDstVlan) ? (int) flow.switchDstVlan : 0);
      record.setSrcMac(flow.srcMac);
      record.setDstMac(flow.dstMac);
      record.setDirection(FlowDirection.UNKNOWN);
      IcmpNormalisation.apply(record, -1, flow.icmpType, flow.icmpCode);
      return record;
    }

    /**
     * sampled_ipv4 / sampled_ipv6: length, protocol, src, dst, src_port, dst_port, tcp_flags, tos
     * (IPv6: priority). The ports are "TCP/UDP source port number or equivalent" (sFlow v5): for
     * ICMP and ICMPv6 the equivalent is the type in src_port and the code in dst_port, as InMon's
     * agents fill them and its sflowtool reads them.
     */
    private void sampledIp(SampledFlow flow, int p, int addressLength, int etype) {
      flow.etype = etype;
      flow.proto = (int) Math.min(buf.getUnsignedInt(p + 4), 255);
      flow.addressLength = addressLength;
      flow.srcAddrIndex = p + 8;
      flow.dstAddrIndex = p + 8 + addressLength;
      int q = p + 8 + 2 * addressLength;
      if (flow.proto == PROTO_ICMP || flow.proto == PROTO_ICMPV6) {
        flow.icmpType = (int) Math.min(buf.getUnsignedInt(q), 0xFF);
        flow.icmpCode = (int) Math.min(buf.getUnsignedInt(q + 4), 0xFF);
      } else {
        flow.srcPort = (int) Math.min(buf.getUnsignedInt(q), 0xFFFF);
        flow.dstPort = (int) Math.min(buf.getUnsignedInt(q + 4), 0xFFFF);
      }
      flow.tcpFlags = (int) Math.min(buf.getUnsignedInt(q + 8), 0xFF);
      flow.tos = (int) Math.min(buf.getUnsignedInt(q + 12), 0xFF);
    }

    private ByteBuffer address(int index, int length) {
      if (length == 0 || index == SampledFlow.NONE) {
        return Addresses.EMPTY;
      }
      byte[] address = new byte[length];
      buf.getBytes(index, address);
      return ByteBuffer.wrap(address);
    }

    private static boolean validVlan(long vlan) {
      return vlan >= 1 && vlan <= MAX_VLAN;
    }
  }
}

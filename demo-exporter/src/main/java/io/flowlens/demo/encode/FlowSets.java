package io.flowlens.demo.encode;

import io.flowlens.demo.model.FlowSource;
import io.flowlens.demo.model.SyntheticFlow;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * What NetFlow v9 and IPFIX datagrams carry alike after their header: the template set announcing
 * data templates 256 (IPv4) and 257 (IPv6), in the first datagram and again every
 * {@code templateInterval} datagrams, and one data set per template holding the datagram's flows.
 *
 * <pre>
 *  Template set                               Data set
 *  | set id = 0 / 2  | length          |      | set id = template id | length |
 *  | template id     | field count     |      records..., padded to the dialect's alignment
 *  | field type      | field length    | ...
 * </pre>
 *
 * The protocols' differences in these sets come from a {@link TemplateDialect}; headers, sequence
 * numbers and options stay with each encoder, which writes them around these sets. The flows of a
 * datagram are gathered first ({@link FlowBatch}) because IPv4 and IPv6 records go into separate
 * sets.
 */
final class FlowSets {
  static final int IPV4_TEMPLATE_ID = 256;
  static final int IPV6_TEMPLATE_ID = 257;
  private static final int SET_HEADER_LENGTH = 4;
  /** FLOW_SAMPLER_ID, NetFlow v9's reference from a data record to its sampler's options record. */
  private static final int FLOW_SAMPLER_ID = 48;

  private final TemplateDialect dialect;
  private final int headerLength;
  private final int templateInterval;
  private final int maxDatagramBytes;
  private final FieldSpec[] ipv4Fields;
  private final FieldSpec[] ipv6Fields;
  private final int templateBytes;
  private final FlowBatch batch;
  private long datagrams;

  /**
   * @param headerLength the length of the datagram header the encoder writes before these sets
   * @param optionsLength the bytes of the options sets the encoder writes after the template set
   *     whenever it is sent (0 without options)
   * @param templateInterval templates are re-sent every this many datagrams (and in the first)
   * @param maxDatagramBytes no datagram exceeds this size
   */
  FlowSets(TemplateDialect dialect, int headerLength, int optionsLength, int templateInterval, int maxDatagramBytes) {
    if (templateInterval < 1) {
      throw new IllegalArgumentException("templateInterval must be at least 1, got " + templateInterval);
    }
    this.dialect = dialect;
    this.headerLength = headerLength;
    this.templateInterval = templateInterval;
    this.maxDatagramBytes = maxDatagramBytes;
    this.ipv4Fields = fields(dialect, false);
    this.ipv6Fields = fields(dialect, true);
    this.templateBytes = SET_HEADER_LENGTH + templateLength(ipv4Fields) + templateLength(ipv6Fields) + optionsLength;
    int v4 = FieldSpec.recordLength(ipv4Fields);
    int v6 = FieldSpec.recordLength(ipv6Fields);
    this.batch = new FlowBatch(maxFlowsPerDatagram(), v4, v6, SET_HEADER_LENGTH, dialect);
    if (headerLength + templateBytes + batch.bytes(0, 1) > maxDatagramBytes) {
      throw new IllegalArgumentException("maxDatagramBytes " + maxDatagramBytes + " cannot hold templates and one record");
    }
  }

  /** The fields of data template 256 (IPv4) or 257 (IPv6): IPFIX names, then NetFlow v9's. */
  private static FieldSpec[] fields(TemplateDialect dialect, boolean ipv6) {
    int a = ipv6 ? 16 : 4;
    int time = dialect.timeLength();
    FieldSpec[] fields = {
      new FieldSpec(ipv6 ? 27 : 8, a), // sourceIPv6Address / sourceIPv4Address; IPV6_SRC_ADDR / IPV4_SRC_ADDR
      new FieldSpec(ipv6 ? 28 : 12, a), // destinationIPv6Address / destinationIPv4Address; IPV6_DST_ADDR / IPV4_DST_ADDR
      new FieldSpec(7, 2), // sourceTransportPort; L4_SRC_PORT
      new FieldSpec(11, 2), // destinationTransportPort; L4_DST_PORT
      new FieldSpec(4, 1), // protocolIdentifier; PROTOCOL
      new FieldSpec(1, 8), // octetDeltaCount; IN_BYTES
      new FieldSpec(2, 8), // packetDeltaCount; IN_PKTS
      new FieldSpec(dialect.flowStartType(), time), // flowStartMilliseconds; FIRST_SWITCHED
      new FieldSpec(dialect.flowEndType(), time), // flowEndMilliseconds; LAST_SWITCHED
      new FieldSpec(10, 4), // ingressInterface; INPUT_SNMP
      new FieldSpec(14, 4), // egressInterface; OUTPUT_SNMP
      new FieldSpec(6, dialect.tcpFlagsLength()), // tcpControlBits; TCP_FLAGS
      new FieldSpec(5, 1), // ipClassOfService; SRC_TOS
      new FieldSpec(16, 4), // bgpSourceAsNumber; SRC_AS
      new FieldSpec(17, 4), // bgpDestinationAsNumber; DST_AS
      new FieldSpec(ipv6 ? 29 : 9, 1), // source prefix length; IPV6_SRC_MASK / SRC_MASK
      new FieldSpec(ipv6 ? 30 : 13, 1), // destination prefix length; IPV6_DST_MASK / DST_MASK
      new FieldSpec(ipv6 ? 62 : 15, a), // ipNextHopIPv6Address / ipNextHopIPv4Address; IPV6_NEXT_HOP / IPV4_NEXT_HOP
      new FieldSpec(61, 1), // flowDirection; DIRECTION
    };
    if (dialect.samplerId() == 0) {
      return fields;
    }
    FieldSpec[] withSampler = Arrays.copyOf(fields, fields.length + 1);
    withSampler[fields.length] = new FieldSpec(FLOW_SAMPLER_ID, 1);
    return withSampler;
  }

  private static int templateLength(FieldSpec[] fields) {
    return 4 + 4 * fields.length;
  }

  /**
   * Starts the next datagram: gathers at most {@code maxFlows} flows that fit beside the header and,
   * when this datagram carries them, the templates and options.
   *
   * @return whether this datagram carries the template set (and the encoder its options)
   */
  boolean next(FlowSource flows, int maxFlows, long nowMillis) {
    if (maxFlows < 1) {
      throw new IllegalArgumentException("maxFlows must be at least 1, got " + maxFlows);
    }
    boolean templates = datagrams % templateInterval == 0;
    batch.fill(flows, maxFlows, nowMillis, maxDatagramBytes - headerLength - (templates ? templateBytes : 0));
    datagrams++;
    return templates;
  }

  /** The number of flows {@link #next} gathered. */
  int flowCount() {
    return batch.count();
  }

  void writeTemplateSet(ByteBuffer out) {
    int start = beginSet(out, dialect.templateSetId());
    writeTemplate(out, IPV4_TEMPLATE_ID, ipv4Fields);
    writeTemplate(out, IPV6_TEMPLATE_ID, ipv6Fields);
    endSet(out, start);
  }

  private static void writeTemplate(ByteBuffer out, int id, FieldSpec[] fields) {
    out.putShort((short) id);
    out.putShort((short) fields.length);
    FieldSpec.putAll(out, fields);
  }

  /** Writes the data sets of the flows {@link #next} gathered: IPv4 (256), then IPv6 (257). */
  void writeDataSets(ByteBuffer out) {
    writeDataSet(out, IPV4_TEMPLATE_ID, false, batch.ipv4Count());
    writeDataSet(out, IPV6_TEMPLATE_ID, true, batch.ipv6Count());
  }

  private void writeDataSet(ByteBuffer out, int templateId, boolean ipv6, int n) {
    if (n == 0) {
      return;
    }
    int start = beginSet(out, templateId);
    for (int i = 0; i < batch.count(); i++) {
      SyntheticFlow f = batch.get(i);
      if (f.ipv6 == ipv6) {
        writeRecord(out, f);
      }
    }
    endSet(out, start);
  }

  private void writeRecord(ByteBuffer out, SyntheticFlow f) {
    // The dialect's record differences, as fields() laid them out; its accessors inline.
    TemplateDialect d = dialect;
    int a = f.addressLength();
    out.put(f.srcAddr, 0, a);
    out.put(f.dstAddr, 0, a);
    out.putShort((short) f.srcPort);
    out.putShort((short) f.dstPort);
    out.put((byte) f.protocol);
    out.putLong(f.octets);
    out.putLong(f.packets);
    if (d.epochTimes()) {
      out.putLong(f.startMillis);
      out.putLong(f.endMillis);
    } else {
      out.putInt((int) (f.startMillis - d.bootMillis()));
      out.putInt((int) (f.endMillis - d.bootMillis()));
    }
    out.putInt(f.inputInterface);
    out.putInt(f.outputInterface);
    if (d.wideTcpFlags()) {
      out.putShort((short) f.tcpFlags);
    } else {
      out.put((byte) f.tcpFlags);
    }
    out.put((byte) f.tos);
    out.putInt((int) f.srcAs);
    out.putInt((int) f.dstAs);
    out.put((byte) f.srcPrefixLength);
    out.put((byte) f.dstPrefixLength);
    out.put(f.nextHop, 0, a);
    out.put((byte) f.direction);
    if (d.samplerId() != 0) {
      out.put((byte) d.samplerId());
    }
  }

  /** Writes a set header whose length {@link #endSet} fills in; returns where the set starts. */
  int beginSet(ByteBuffer out, int setId) {
    int start = out.position();
    out.putShort((short) setId);
    out.putShort((short) 0);
    return start;
  }

  /** Pads the set that starts at {@code start} to the dialect's alignment and writes its length. */
  void endSet(ByteBuffer out, int start) {
    int end = start + dialect.align(out.position() - start);
    while (out.position() < end) {
      out.put((byte) 0);
    }
    out.putShort(start + 2, (short) (end - start));
  }

  /** The most flow records one datagram can carry: IPv4 records, no templates. */
  int maxFlowsPerDatagram() {
    return (maxDatagramBytes - headerLength - SET_HEADER_LENGTH) / FieldSpec.recordLength(ipv4Fields);
  }

  int maxDatagramBytes() {
    return maxDatagramBytes;
  }
}

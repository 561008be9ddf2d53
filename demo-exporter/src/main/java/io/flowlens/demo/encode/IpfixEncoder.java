package io.flowlens.demo.encode;

import io.flowlens.demo.model.FlowSource;
import io.flowlens.demo.model.SyntheticFlow;
import java.nio.ByteBuffer;

/**
 * IPFIX messages (RFC 7011) of one observation domain.
 *
 * <pre>
 *  Message header (16 bytes)                   Set header (4 bytes)
 *  | version = 10    | length          |       | set id          | length          |
 *  | export time (UNIX seconds)        |       set id 2: template records, 3: options template
 *  | sequence number (data records)    |       records, 256 and up: data records of that template
 *  | observation domain id             |
 * </pre>
 *
 * Templates 256 (IPv4) and 257 (IPv6) go out in the first message and again every
 * {@code templateInterval} messages. With sampling configured, an options template (258, scoped by
 * observationDomainId) and one options record announcing samplingInterval (34) and count-based
 * systematic sampling samplingPacketInterval (305) = 1, samplingPacketSpace (306) = N - 1 travel
 * with every template resend. The sequence number counts every data record sent before the
 * message, options records included (RFC 7011 section 3.1); templates do not count. Sets are not
 * padded (padding is optional in IPFIX).
 */
public final class IpfixEncoder implements DatagramEncoder {
  public static final int HEADER_LENGTH = 16;
  public static final int IPV4_TEMPLATE_ID = 256;
  public static final int IPV6_TEMPLATE_ID = 257;
  public static final int OPTIONS_TEMPLATE_ID = 258;
  /** selectorAlgorithm 1: systematic count-based sampling (RFC 5475). */
  private static final int SYSTEMATIC_COUNT_BASED = 1;

  private final long observationDomainId;
  private final long samplingRate;
  private final int templateInterval;
  private final int maxDatagramBytes;
  private final FieldSpec[] ipv4Fields;
  private final FieldSpec[] ipv6Fields;
  private final FieldSpec[] optionFields;
  private final int templateBytes;
  private final FlowBatch batch;
  private long sequence;
  private long messages;

  /**
   * @param observationDomainId the header's observation domain id
   * @param samplingRate 1 for unsampled, otherwise 1-in-N packet sampling announced by options
   * @param templateInterval templates are re-sent every this many messages (and in the first)
   * @param maxDatagramBytes no message exceeds this size
   */
  public IpfixEncoder(long observationDomainId, long samplingRate, int templateInterval, int maxDatagramBytes) {
    if (templateInterval < 1) {
      throw new IllegalArgumentException("templateInterval must be at least 1, got " + templateInterval);
    }
    this.observationDomainId = observationDomainId;
    this.samplingRate = samplingRate;
    this.templateInterval = templateInterval;
    this.maxDatagramBytes = maxDatagramBytes;
    this.ipv4Fields = fields(false);
    this.ipv6Fields = fields(true);
    this.optionFields = new FieldSpec[] {
      new FieldSpec(149, 4), // observationDomainId (scope)
      new FieldSpec(34, 4), // samplingInterval
      new FieldSpec(305, 4), // samplingPacketInterval
      new FieldSpec(306, 4), // samplingPacketSpace
      new FieldSpec(304, 2), // selectorAlgorithm
    };
    int templates = 4 + (4 + 4 * ipv4Fields.length) + (4 + 4 * ipv6Fields.length);
    if (samplingRate > 1) {
      templates += optionsTemplateSetLength() + optionsDataSetLength();
    }
    this.templateBytes = templates;
    int v4 = FieldSpec.recordLength(ipv4Fields);
    int v6 = FieldSpec.recordLength(ipv6Fields);
    this.batch = new FlowBatch((maxDatagramBytes - HEADER_LENGTH - 4) / v4, v4, v6, 4, 1);
    if (HEADER_LENGTH + templateBytes + batch.bytes(0, 1) > maxDatagramBytes) {
      throw new IllegalArgumentException("maxDatagramBytes " + maxDatagramBytes + " cannot hold templates and one record");
    }
  }

  private static FieldSpec[] fields(boolean ipv6) {
    int a = ipv6 ? 16 : 4;
    return new FieldSpec[] {
      new FieldSpec(ipv6 ? 27 : 8, a), // sourceIPv6Address / sourceIPv4Address
      new FieldSpec(ipv6 ? 28 : 12, a), // destinationIPv6Address / destinationIPv4Address
      new FieldSpec(7, 2), // sourceTransportPort
      new FieldSpec(11, 2), // destinationTransportPort
      new FieldSpec(4, 1), // protocolIdentifier
      new FieldSpec(1, 8), // octetDeltaCount
      new FieldSpec(2, 8), // packetDeltaCount
      new FieldSpec(152, 8), // flowStartMilliseconds
      new FieldSpec(153, 8), // flowEndMilliseconds
      new FieldSpec(10, 4), // ingressInterface
      new FieldSpec(14, 4), // egressInterface
      new FieldSpec(6, 2), // tcpControlBits (unsigned16 since RFC 7125)
      new FieldSpec(5, 1), // ipClassOfService
      new FieldSpec(16, 4), // bgpSourceAsNumber
      new FieldSpec(17, 4), // bgpDestinationAsNumber
      new FieldSpec(ipv6 ? 29 : 9, 1), // source prefix length
      new FieldSpec(ipv6 ? 30 : 13, 1), // destination prefix length
      new FieldSpec(ipv6 ? 62 : 15, a), // ipNextHopIPv6Address / ipNextHopIPv4Address
      new FieldSpec(61, 1), // flowDirection
    };
  }

  @Override
  public int encode(ByteBuffer out, FlowSource flows, int maxFlows, long nowMillis) {
    if (maxFlows < 1) {
      throw new IllegalArgumentException("maxFlows must be at least 1, got " + maxFlows);
    }
    boolean templates = messages % templateInterval == 0;
    boolean options = templates && samplingRate > 1;
    int budget = maxDatagramBytes - HEADER_LENGTH - (templates ? templateBytes : 0);
    batch.fill(flows, maxFlows, nowMillis, budget);

    out.clear();
    out.putShort((short) 10);
    out.putShort((short) 0);
    out.putInt((int) (nowMillis / 1000));
    out.putInt((int) sequence);
    out.putInt((int) observationDomainId);
    if (templates) {
      writeTemplates(out);
      if (options) {
        writeOptions(out);
      }
    }
    writeData(out, IPV4_TEMPLATE_ID, false, batch.ipv4Count());
    writeData(out, IPV6_TEMPLATE_ID, true, batch.ipv6Count());
    out.putShort(2, (short) out.position());
    out.flip();
    sequence += batch.count() + (options ? 1 : 0);
    messages++;
    return batch.count();
  }

  private void writeTemplates(ByteBuffer out) {
    int start = out.position();
    out.putShort((short) 2);
    out.putShort((short) 0);
    writeTemplate(out, IPV4_TEMPLATE_ID, ipv4Fields);
    writeTemplate(out, IPV6_TEMPLATE_ID, ipv6Fields);
    out.putShort(start + 2, (short) (out.position() - start));
  }

  private static void writeTemplate(ByteBuffer out, int id, FieldSpec[] fields) {
    out.putShort((short) id);
    out.putShort((short) fields.length);
    for (FieldSpec f : fields) {
      out.putShort((short) f.type());
      out.putShort((short) f.length());
    }
  }

  private int optionsTemplateSetLength() {
    return 4 + 6 + 4 * optionFields.length;
  }

  private int optionsDataSetLength() {
    return 4 + FieldSpec.recordLength(optionFields);
  }

  private void writeOptions(ByteBuffer out) {
    out.putShort((short) 3);
    out.putShort((short) optionsTemplateSetLength());
    out.putShort((short) OPTIONS_TEMPLATE_ID);
    out.putShort((short) optionFields.length);
    out.putShort((short) 1); // scope field count: observationDomainId
    for (FieldSpec f : optionFields) {
      out.putShort((short) f.type());
      out.putShort((short) f.length());
    }
    out.putShort((short) OPTIONS_TEMPLATE_ID);
    out.putShort((short) optionsDataSetLength());
    out.putInt((int) observationDomainId);
    out.putInt((int) samplingRate);
    out.putInt(1);
    out.putInt((int) (samplingRate - 1));
    out.putShort((short) SYSTEMATIC_COUNT_BASED);
  }

  private void writeData(ByteBuffer out, int templateId, boolean ipv6, int n) {
    if (n == 0) {
      return;
    }
    int start = out.position();
    out.putShort((short) templateId);
    out.putShort((short) 0);
    for (int i = 0; i < batch.count(); i++) {
      SyntheticFlow f = batch.get(i);
      if (f.ipv6 != ipv6) {
        continue;
      }
      int a = f.addressLength();
      out.put(f.srcAddr, 0, a);
      out.put(f.dstAddr, 0, a);
      out.putShort((short) f.srcPort);
      out.putShort((short) f.dstPort);
      out.put((byte) f.protocol);
      out.putLong(f.octets);
      out.putLong(f.packets);
      out.putLong(f.startMillis);
      out.putLong(f.endMillis);
      out.putInt(f.inputInterface);
      out.putInt(f.outputInterface);
      out.putShort((short) f.tcpFlags);
      out.put((byte) f.tos);
      out.putInt((int) f.srcAs);
      out.putInt((int) f.dstAs);
      out.put((byte) f.srcPrefixLength);
      out.put((byte) f.dstPrefixLength);
      out.put(f.nextHop, 0, a);
      out.put((byte) f.direction);
    }
    out.putShort(start + 2, (short) (out.position() - start));
  }

  @Override
  public int maxFlowsPerDatagram() {
    return (maxDatagramBytes - HEADER_LENGTH - 4) / FieldSpec.recordLength(ipv4Fields);
  }

  @Override
  public int maxDatagramBytes() {
    return maxDatagramBytes;
  }
}

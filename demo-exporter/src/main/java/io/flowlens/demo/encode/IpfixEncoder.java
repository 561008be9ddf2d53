package io.flowlens.demo.encode;

import io.flowlens.demo.model.FlowSource;
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
  public static final int OPTIONS_TEMPLATE_ID = 258;
  /** selectorAlgorithm 1: systematic count-based sampling (RFC 5475). */
  private static final int SYSTEMATIC_COUNT_BASED = 1;
  private static final FieldSpec[] OPTION_FIELDS = {
    new FieldSpec(149, 4), // observationDomainId (scope)
    new FieldSpec(34, 4), // samplingInterval
    new FieldSpec(305, 4), // samplingPacketInterval
    new FieldSpec(306, 4), // samplingPacketSpace
    new FieldSpec(304, 2), // selectorAlgorithm
  };
  /** Options template set (set header, template id, field and scope counts, fields) and options data set. */
  private static final int OPTIONS_LENGTH = (4 + 6 + 4 * OPTION_FIELDS.length) + (4 + FieldSpec.recordLength(OPTION_FIELDS));

  private final long observationDomainId;
  private final long samplingRate;
  private final FlowSets sets;
  private long sequence;

  /**
   * @param observationDomainId the header's observation domain id
   * @param samplingRate 1 for unsampled, otherwise 1-in-N packet sampling announced by options
   * @param templateInterval templates are re-sent every this many messages (and in the first)
   * @param maxDatagramBytes no message exceeds this size
   */
  public IpfixEncoder(long observationDomainId, long samplingRate, int templateInterval, int maxDatagramBytes) {
    this.observationDomainId = observationDomainId;
    this.samplingRate = samplingRate;
    this.sets = new FlowSets(TemplateDialect.ipfix(), HEADER_LENGTH, samplingRate > 1 ? OPTIONS_LENGTH : 0,
        templateInterval, maxDatagramBytes);
  }

  @Override
  public int encode(ByteBuffer out, FlowSource flows, int maxFlows, long nowMillis) {
    boolean templates = sets.next(flows, maxFlows, nowMillis);
    boolean options = templates && samplingRate > 1;

    out.clear();
    out.putShort((short) 10);
    out.putShort((short) 0);
    out.putInt((int) (nowMillis / 1000));
    out.putInt((int) sequence);
    out.putInt((int) observationDomainId);
    if (templates) {
      sets.writeTemplateSet(out);
      if (options) {
        writeOptions(out);
      }
    }
    sets.writeDataSets(out);
    out.putShort(2, (short) out.position());
    out.flip();
    sequence += sets.flowCount() + (options ? 1 : 0);
    return sets.flowCount();
  }

  private void writeOptions(ByteBuffer out) {
    int start = sets.beginSet(out, 3);
    out.putShort((short) OPTIONS_TEMPLATE_ID);
    out.putShort((short) OPTION_FIELDS.length);
    out.putShort((short) 1); // scope field count: observationDomainId
    FieldSpec.putAll(out, OPTION_FIELDS);
    sets.endSet(out, start);

    start = sets.beginSet(out, OPTIONS_TEMPLATE_ID);
    out.putInt((int) observationDomainId);
    out.putInt((int) samplingRate);
    out.putInt(1);
    out.putInt((int) (samplingRate - 1));
    out.putShort((short) SYSTEMATIC_COUNT_BASED);
    sets.endSet(out, start);
  }

  @Override
  public int maxFlowsPerDatagram() {
    return sets.maxFlowsPerDatagram();
  }

  @Override
  public int maxDatagramBytes() {
    return sets.maxDatagramBytes();
  }
}

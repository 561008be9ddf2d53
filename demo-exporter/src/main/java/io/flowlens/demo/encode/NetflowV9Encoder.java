package io.flowlens.demo.encode;

import io.flowlens.demo.model.FlowSource;
import java.nio.ByteBuffer;

/**
 * NetFlow version 9 export packets (RFC 3954) of one source id.
 *
 * <pre>
 *  Packet header (20 bytes)                    Template FlowSet (id 0)
 *  | version = 9     | count           |       | flowset id = 0  | length          |
 *  | sysUptime (ms)                    |       | template id     | field count     |
 *  | UNIX secs                         |       | field type      | field length    | ...
 *  | sequence number (+1 per packet)   |
 *  | source id                         |       Data FlowSet: | flowset id = template id | length |
 *                                              records..., padded to 4 bytes
 * </pre>
 *
 * Templates 256 (IPv4) and 257 (IPv6) go out in the first packet and again every
 * {@code templateInterval} packets. With sampling configured, the data templates carry
 * FLOW_SAMPLER_ID and an options template (258, scope System) with an options record describing
 * the sampler (FLOW_SAMPLER_ID/MODE/RANDOM_INTERVAL and SAMPLING_INTERVAL/ALGORITHM, which
 * collectors read either of) accompanies every template resend.
 */
public final class NetflowV9Encoder implements DatagramEncoder {
  public static final int HEADER_LENGTH = 20;
  public static final int OPTIONS_TEMPLATE_ID = 258;
  static final int SAMPLER_ID = 1;
  private static final int SAMPLER_MODE_RANDOM = 2;
  private static final FieldSpec[] OPTION_FIELDS = {
    new FieldSpec(48, 1), // FLOW_SAMPLER_ID
    new FieldSpec(49, 1), // FLOW_SAMPLER_MODE
    new FieldSpec(50, 4), // FLOW_SAMPLER_RANDOM_INTERVAL
    new FieldSpec(34, 4), // SAMPLING_INTERVAL
    new FieldSpec(35, 1), // SAMPLING_ALGORITHM
  };

  private final long sourceId;
  private final long samplingRate;
  private final long bootMillis;
  private final FlowSets sets;
  private long sequence;

  /**
   * @param sourceId the header's source id (observation domain)
   * @param samplingRate 1 for unsampled, otherwise 1-in-N packet sampling announced by options
   * @param bootMillis Unix epoch milliseconds at which the simulated router booted (sysUptime 0)
   * @param templateInterval templates are re-sent every this many packets (and in the first)
   * @param maxDatagramBytes no packet exceeds this size
   */
  public NetflowV9Encoder(long sourceId, long samplingRate, long bootMillis, int templateInterval, int maxDatagramBytes) {
    this.sourceId = sourceId;
    this.samplingRate = samplingRate;
    this.bootMillis = bootMillis;
    boolean sampled = samplingRate > 1;
    TemplateDialect dialect = TemplateDialect.netflowV9(bootMillis, sampled ? SAMPLER_ID : 0);
    // Options template FlowSet (header, template id, scope and option lengths, scope field, fields)
    // and options data FlowSet (header, scope System, the record), each padded.
    int options = sampled
        ? dialect.align(4 + 6 + 4 + 4 * OPTION_FIELDS.length) + dialect.align(4 + 4 + FieldSpec.recordLength(OPTION_FIELDS))
        : 0;
    this.sets = new FlowSets(dialect, HEADER_LENGTH, options, templateInterval, maxDatagramBytes);
  }

  @Override
  public int encode(ByteBuffer out, FlowSource flows, int maxFlows, long nowMillis) {
    boolean templates = sets.next(flows, maxFlows, nowMillis);
    boolean sampled = samplingRate > 1;
    int records = sets.flowCount() + (templates ? 2 + (sampled ? 2 : 0) : 0);

    out.clear();
    out.putShort((short) 9);
    out.putShort((short) records);
    out.putInt((int) (nowMillis - bootMillis));
    out.putInt((int) (nowMillis / 1000));
    out.putInt((int) sequence);
    out.putInt((int) sourceId);
    if (templates) {
      sets.writeTemplateSet(out);
      if (sampled) {
        writeOptions(out);
      }
    }
    sets.writeDataSets(out);
    out.flip();
    sequence++;
    return sets.flowCount();
  }

  private void writeOptions(ByteBuffer out) {
    int start = sets.beginSet(out, 1);
    out.putShort((short) OPTIONS_TEMPLATE_ID);
    out.putShort((short) 4); // option scope length in bytes: one scope field
    out.putShort((short) (4 * OPTION_FIELDS.length));
    out.putShort((short) 1); // scope type System
    out.putShort((short) 4);
    FieldSpec.putAll(out, OPTION_FIELDS);
    sets.endSet(out, start);

    start = sets.beginSet(out, OPTIONS_TEMPLATE_ID);
    out.putInt((int) sourceId); // scope System: this exporter
    out.put((byte) SAMPLER_ID);
    out.put((byte) SAMPLER_MODE_RANDOM);
    out.putInt((int) samplingRate);
    out.putInt((int) samplingRate);
    out.put((byte) SAMPLER_MODE_RANDOM);
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

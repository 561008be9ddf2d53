package io.flowlens.demo.encode;

import io.flowlens.demo.model.FlowSource;
import io.flowlens.demo.model.SyntheticFlow;
import java.nio.ByteBuffer;
import java.util.Arrays;

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
  public static final int IPV4_TEMPLATE_ID = 256;
  public static final int IPV6_TEMPLATE_ID = 257;
  public static final int OPTIONS_TEMPLATE_ID = 258;
  static final int SAMPLER_ID = 1;
  private static final int SAMPLER_MODE_RANDOM = 2;

  private final long sourceId;
  private final long samplingRate;
  private final long bootMillis;
  private final int templateInterval;
  private final int maxDatagramBytes;
  private final FieldSpec[] ipv4Fields;
  private final FieldSpec[] ipv6Fields;
  private final FieldSpec[] optionFields;
  private final int templateBytes;
  private final FlowBatch batch;
  private long sequence;

  /**
   * @param sourceId the header's source id (observation domain)
   * @param samplingRate 1 for unsampled, otherwise 1-in-N packet sampling announced by options
   * @param bootMillis Unix epoch milliseconds at which the simulated router booted (sysUptime 0)
   * @param templateInterval templates are re-sent every this many packets (and in the first)
   * @param maxDatagramBytes no packet exceeds this size
   */
  public NetflowV9Encoder(long sourceId, long samplingRate, long bootMillis, int templateInterval, int maxDatagramBytes) {
    if (templateInterval < 1) {
      throw new IllegalArgumentException("templateInterval must be at least 1, got " + templateInterval);
    }
    this.sourceId = sourceId;
    this.samplingRate = samplingRate;
    this.bootMillis = bootMillis;
    this.templateInterval = templateInterval;
    this.maxDatagramBytes = maxDatagramBytes;
    boolean sampled = samplingRate > 1;
    this.ipv4Fields = fields(false, sampled);
    this.ipv6Fields = fields(true, sampled);
    this.optionFields = new FieldSpec[] {
      new FieldSpec(48, 1), // FLOW_SAMPLER_ID
      new FieldSpec(49, 1), // FLOW_SAMPLER_MODE
      new FieldSpec(50, 4), // FLOW_SAMPLER_RANDOM_INTERVAL
      new FieldSpec(34, 4), // SAMPLING_INTERVAL
      new FieldSpec(35, 1), // SAMPLING_ALGORITHM
    };
    int templates = 4 + (4 + 4 * ipv4Fields.length) + (4 + 4 * ipv6Fields.length);
    if (sampled) {
      templates += optionsTemplateFlowSetLength() + optionsDataFlowSetLength();
    }
    this.templateBytes = templates;
    int v4 = FieldSpec.recordLength(ipv4Fields);
    int v6 = FieldSpec.recordLength(ipv6Fields);
    int capacity = (maxDatagramBytes - HEADER_LENGTH - 4) / v4;
    this.batch = new FlowBatch(capacity, v4, v6, 4, 4);
    if (HEADER_LENGTH + templateBytes + batch.bytes(0, 1) > maxDatagramBytes) {
      throw new IllegalArgumentException("maxDatagramBytes " + maxDatagramBytes + " cannot hold templates and one record");
    }
  }

  private static FieldSpec[] fields(boolean ipv6, boolean sampled) {
    int a = ipv6 ? 16 : 4;
    FieldSpec[] common = {
      new FieldSpec(ipv6 ? 27 : 8, a), // IPV6_SRC_ADDR / IPV4_SRC_ADDR
      new FieldSpec(ipv6 ? 28 : 12, a), // IPV6_DST_ADDR / IPV4_DST_ADDR
      new FieldSpec(7, 2), // L4_SRC_PORT
      new FieldSpec(11, 2), // L4_DST_PORT
      new FieldSpec(4, 1), // PROTOCOL
      new FieldSpec(1, 8), // IN_BYTES
      new FieldSpec(2, 8), // IN_PKTS
      new FieldSpec(22, 4), // FIRST_SWITCHED
      new FieldSpec(21, 4), // LAST_SWITCHED
      new FieldSpec(10, 4), // INPUT_SNMP
      new FieldSpec(14, 4), // OUTPUT_SNMP
      new FieldSpec(6, 1), // TCP_FLAGS
      new FieldSpec(5, 1), // SRC_TOS
      new FieldSpec(16, 4), // SRC_AS
      new FieldSpec(17, 4), // DST_AS
      new FieldSpec(ipv6 ? 29 : 9, 1), // IPV6_SRC_MASK / SRC_MASK
      new FieldSpec(ipv6 ? 30 : 13, 1), // IPV6_DST_MASK / DST_MASK
      new FieldSpec(ipv6 ? 62 : 15, a), // IPV6_NEXT_HOP / IPV4_NEXT_HOP
      new FieldSpec(61, 1), // DIRECTION
    };
    if (!sampled) {
      return common;
    }
    FieldSpec[] withSampler = Arrays.copyOf(common, common.length + 1);
    withSampler[common.length] = new FieldSpec(48, 1); // FLOW_SAMPLER_ID
    return withSampler;
  }

  @Override
  public int encode(ByteBuffer out, FlowSource flows, int maxFlows, long nowMillis) {
    if (maxFlows < 1) {
      throw new IllegalArgumentException("maxFlows must be at least 1, got " + maxFlows);
    }
    boolean templates = sequence % templateInterval == 0;
    boolean sampled = samplingRate > 1;
    int budget = maxDatagramBytes - HEADER_LENGTH - (templates ? templateBytes : 0);
    batch.fill(flows, maxFlows, nowMillis, budget);
    int records = batch.count() + (templates ? 2 + (sampled ? 2 : 0) : 0);

    out.clear();
    out.putShort((short) 9);
    out.putShort((short) records);
    out.putInt((int) (nowMillis - bootMillis));
    out.putInt((int) (nowMillis / 1000));
    out.putInt((int) sequence);
    out.putInt((int) sourceId);
    if (templates) {
      writeTemplates(out);
      if (sampled) {
        writeOptions(out);
      }
    }
    writeData(out, IPV4_TEMPLATE_ID, false, batch.ipv4Count());
    writeData(out, IPV6_TEMPLATE_ID, true, batch.ipv6Count());
    out.flip();
    sequence++;
    return batch.count();
  }

  private void writeTemplates(ByteBuffer out) {
    int start = out.position();
    out.putShort((short) 0);
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

  private int optionsTemplateFlowSetLength() {
    return pad(4 + 6 + 4 + 4 * optionFields.length);
  }

  private int optionsDataFlowSetLength() {
    return pad(4 + 4 + FieldSpec.recordLength(optionFields));
  }

  private void writeOptions(ByteBuffer out) {
    int start = out.position();
    out.putShort((short) 1);
    out.putShort((short) optionsTemplateFlowSetLength());
    out.putShort((short) OPTIONS_TEMPLATE_ID);
    out.putShort((short) 4); // option scope length in bytes: one scope field
    out.putShort((short) (4 * optionFields.length));
    out.putShort((short) 1); // scope type System
    out.putShort((short) 4);
    for (FieldSpec f : optionFields) {
      out.putShort((short) f.type());
      out.putShort((short) f.length());
    }
    zeroPad(out, start);

    start = out.position();
    out.putShort((short) OPTIONS_TEMPLATE_ID);
    out.putShort((short) optionsDataFlowSetLength());
    out.putInt((int) sourceId); // scope System: this exporter
    out.put((byte) SAMPLER_ID);
    out.put((byte) SAMPLER_MODE_RANDOM);
    out.putInt((int) samplingRate);
    out.putInt((int) samplingRate);
    out.put((byte) SAMPLER_MODE_RANDOM);
    zeroPad(out, start);
  }

  private void writeData(ByteBuffer out, int templateId, boolean ipv6, int n) {
    if (n == 0) {
      return;
    }
    int start = out.position();
    out.putShort((short) templateId);
    out.putShort((short) 0);
    boolean sampled = samplingRate > 1;
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
      out.putInt((int) (f.startMillis - bootMillis));
      out.putInt((int) (f.endMillis - bootMillis));
      out.putInt(f.inputInterface);
      out.putInt(f.outputInterface);
      out.put((byte) f.tcpFlags);
      out.put((byte) f.tos);
      out.putInt((int) f.srcAs);
      out.putInt((int) f.dstAs);
      out.put((byte) f.srcPrefixLength);
      out.put((byte) f.dstPrefixLength);
      out.put(f.nextHop, 0, a);
      out.put((byte) f.direction);
      if (sampled) {
        out.put((byte) SAMPLER_ID);
      }
    }
    zeroPad(out, start);
  }

  /** Pads the flowset that starts at {@code start} to 4 bytes and writes its length. */
  private static void zeroPad(ByteBuffer out, int start) {
    while ((out.position() - start) % 4 != 0) {
      out.put((byte) 0);
    }
    out.putShort(start + 2, (short) (out.position() - start));
  }

  private static int pad(int length) {
    return (length + 3) & ~3;
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

package io.flowlens.decoders.template;

import static io.flowlens.decoders.template.InformationElement.VARIABLE_LENGTH;

import io.flowlens.decoders.IcmpNormalisation;
import io.flowlens.schema.FlowDirection;
import io.flowlens.schema.FlowRecord;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;

/**
 * Decodes the records of one data set (NetFlow v9 flowset id >= 256, IPFIX set id >= 256) with a
 * compiled {@link Template}: one pass over the template's steps per record, reading the datagram in
 * place. Flow records become {@link FlowRecord}s; options records update the {@link DomainState}
 * (sampling rates, system init time) and are only counted.
 *
 * <p>Records are read while at least a template's minimum record length remains; what is left is
 * padding (RFC 7011 section 3.3.1, RFC 3954 section 5.3). A variable-length field that runs past
 * the set is malformed: the records before it stay, the rest of the datagram is dropped.
 */
public final class DataRecordDecoder {
  /** Seconds between the NTP epoch (1900) and the Unix epoch (1970). */
  private static final long NTP_UNIX_OFFSET_SECONDS = 2_208_988_800L;

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();
  private static final int ETYPE_IPV4 = 0x0800;
  private static final int ETYPE_IPV6 = 0x86DD;

  private DataRecordDecoder() {}

  /**
   * Decodes the flow records in {@code [pos, end)}.
   *
   * @return false when the set was malformed (already reported to the result)
   */
  public static boolean decodeFlows(ByteBuf buf, int pos, int end, Template t, RecordContext ctx) {
    final int[] kinds = t.kinds;
    final int[] lengths = t.lengths;
    final int n = kinds.length;
    final int min = t.minLength;
    final boolean variable = t.fixedLength < 0;
    if (min == 0) {
      // Records of zero bytes cannot be delimited: nothing to decode, and no loop that never ends.
      return true;
    }
    while (end - pos >= min) {
      FlowRecord r = newRecord(ctx);
      int ipVersion = 0;
      boolean sawV4 = false;
      boolean sawV6 = false;
      long icmpTypeCode = -1;
      int icmpType = -1;
      int icmpCode = -1;
      long start = 0;
      long endTime = 0;
      long duration = -1;
      long samplerId = -1;
      long interval = 0;
      long packetInterval = 0;
      long packetSpace = 0;
      for (int i = 0; i < n; i++) {
        int len = lengths[i];
        if (variable) {
          if (len == VARIABLE_LENGTH) {
            if (pos >= end) {
              return malformed(ctx, "variable-length field prefix past the end of the set", pos);
            }
            len = buf.getUnsignedByte(pos++);
            if (len == 255) {
              if (end - pos < 2) {
                return malformed(ctx, "variable-length field prefix past the end of the set", pos);
              }
              len = buf.getUnsignedShort(pos);
              pos += 2;
            }
          }
          if (end - pos < len) {
            return malformed(ctx, "field of " + len + " bytes past the end of the set", pos);
          }
        }
        switch (kinds[i]) {
          case FieldKind.SKIP -> { }
          case FieldKind.BYTES -> r.setBytes(uint(buf, pos, len));
          case FieldKind.PACKETS -> r.setPackets(uint(buf, pos, len));
          case FieldKind.SRC_V4 -> {
            r.setSrcAddr(address(buf, pos, 4));
            sawV4 = true;
          }
          case FieldKind.DST_V4 -> {
            r.setDstAddr(address(buf, pos, 4));
            sawV4 = true;
          }
          case FieldKind.SRC_V6 -> {
            r.setSrcAddr(address(buf, pos, 16));
            sawV6 = true;
          }
          case FieldKind.DST_V6 -> {
            r.setDstAddr(address(buf, pos, 16));
            sawV6 = true;
          }
          case FieldKind.SRC_PORT -> r.setSrcPort((int) uint(buf, pos, len));
          case FieldKind.DST_PORT -> r.setDstPort((int) uint(buf, pos, len));
          case FieldKind.PROTO -> r.setProto((int) uint(buf, pos, len));
          case FieldKind.TCP_FLAGS -> r.setTcpFlags((int) uint(buf, pos, len));
          case FieldKind.TOS -> r.setTos((int) uint(buf, pos, len));
          case FieldKind.IN_IF -> r.setInIf(uint(buf, pos, len));
          case FieldKind.OUT_IF -> r.setOutIf(uint(buf, pos, len));
          case FieldKind.NEXT_HOP -> r.setNextHop(address(buf, pos, len));
          case FieldKind.SRC_AS -> r.setSrcAs(uint(buf, pos, len));
          case FieldKind.DST_AS -> r.setDstAs(uint(buf, pos, len));
          case FieldKind.SRC_PREFIX -> r.setSrcPrefixLen((int) uint(buf, pos, len));
          case FieldKind.DST_PREFIX -> r.setDstPrefixLen((int) uint(buf, pos, len));
          case FieldKind.SRC_VLAN -> r.setSrcVlan((int) uint(buf, pos, len));
          case FieldKind.DST_VLAN -> r.setDstVlan((int) uint(buf, pos, len));
          case FieldKind.SRC_MAC -> r.setSrcMac(uint(buf, pos, 6));
          case FieldKind.DST_MAC -> r.setDstMac(uint(buf, pos, 6));
          case FieldKind.DIRECTION -> {
            long d = uint(buf, pos, len);
            r.setDirection(d == 0 ? FlowDirection.INGRESS : d == 1 ? FlowDirection.EGRESS : FlowDirection.UNKNOWN);
          }
          case FieldKind.IP_VERSION -> ipVersion = (int) uint(buf, pos, len);
          case FieldKind.ICMP_TYPE_CODE -> icmpTypeCode = uint(buf, pos, len);
          case FieldKind.ICMP_TYPE -> icmpType = (int) uint(buf, pos, len);
          case FieldKind.ICMP_CODE -> icmpCode = (int) uint(buf, pos, len);
          case FieldKind.START_UPTIME -> start = uptime(ctx, uint(buf, pos, len));
          case FieldKind.END_UPTIME -> endTime = uptime(ctx, uint(buf, pos, len));
          case FieldKind.START_SECONDS -> start = uint(buf, pos, len) * 1000;
          case FieldKind.END_SECONDS -> endTime = uint(buf, pos, len) * 1000;
          case FieldKind.START_MILLIS -> start = uint(buf, pos, len);
          case FieldKind.END_MILLIS -> endTime = uint(buf, pos, len);
          case FieldKind.START_NTP -> start = ntpMillis(buf.getLong(pos));
          case FieldKind.END_NTP -> endTime = ntpMillis(buf.getLong(pos));
          case FieldKind.START_DELTA_MICROS -> start = ctx.exportTimeMillis - uint(buf, pos, len) / 1000;
          case FieldKind.END_DELTA_MICROS -> endTime = ctx.exportTimeMillis - uint(buf, pos, len) / 1000;
          case FieldKind.DURATION_MILLIS -> duration = uint(buf, pos, len);
          case FieldKind.SAMPLER_ID -> samplerId = uint(buf, pos, len);
          case FieldKind.SAMPLING_INTERVAL -> interval = uint(buf, pos, len);
          case FieldKind.PACKET_INTERVAL -> packetInterval = uint(buf, pos, len);
          case FieldKind.PACKET_SPACE -> packetSpace = uint(buf, pos, len);
          default -> { }
        }
        pos += len;
      }
      if (duration >= 0) {
        if (start == 0 && endTime != 0) {
          start = endTime - duration;
        } else if (endTime == 0 && start != 0) {
          endTime = start + duration;
        }
      }
      r.setFlowStartMs(start);
      r.setFlowEndMs(endTime);
      r.setEtype(ipVersion == 4 ? ETYPE_IPV4 : ipVersion == 6 ? ETYPE_IPV6 : sawV6 ? ETYPE_IPV6 : sawV4 ? ETYPE_IPV4 : 0);
      IcmpNormalisation.apply(r, icmpTypeCode, icmpType, icmpCode);
      long rate;
      if (interval > 0) {
        rate = interval;
      } else if (packetInterval > 0) {
        rate = (packetInterval + packetSpace) / packetInterval;
      } else if (samplerId >= 0) {
        rate = ctx.samplingRate(samplerId);
      } else {
        rate = ctx.defaultSamplingRate;
      }
      r.setSamplingRate(rate);
      ctx.result.addFlow(r);
      ctx.dataRecords++;
    }
    return true;
  }

  /**
   * Decodes the options records in {@code [pos, end)} into the domain's state.
   *
   * @return false when the set was malformed (already reported to the result)
   */
  public static boolean decodeOptions(ByteBuf buf, int pos, int end, Template t, RecordContext ctx) {
    final int[] kinds = t.kinds;
    final int[] lengths = t.lengths;
    final int n = kinds.length;
    final int min = t.minLength;
    if (min == 0) {
      return true;
    }
    int records = 0;
    while (end - pos >= min) {
      long samplerId = 0;
      long interval = 0;
      long packetInterval = 0;
      long packetSpace = -1;
      long systemInit = 0;
      for (int i = 0; i < n; i++) {
        int len = lengths[i];
        if (len == VARIABLE_LENGTH) {
          if (pos >= end) {
            ctx.result.addOptionsRecords(records);
            return malformed(ctx, "variable-length field prefix past the end of the set", pos);
          }
          len = buf.getUnsignedByte(pos++);
          if (len == 255) {
            if (end - pos < 2) {
              ctx.result.addOptionsRecords(records);
              return malformed(ctx, "variable-length field prefix past the end of the set", pos);
            }
            len = buf.getUnsignedShort(pos);
            pos += 2;
          }
        }
        if (end - pos < len) {
          ctx.result.addOptionsRecords(records);
          return malformed(ctx, "field of " + len + " bytes past the end of the set", pos);
        }
        switch (kinds[i]) {
          case FieldKind.SAMPLER_ID -> samplerId = uint(buf, pos, len);
          case FieldKind.SAMPLING_INTERVAL -> interval = uint(buf, pos, len);
          case FieldKind.PACKET_INTERVAL -> packetInterval = uint(buf, pos, len);
          case FieldKind.PACKET_SPACE -> packetSpace = uint(buf, pos, len);
          case FieldKind.SYSTEM_INIT_MILLIS -> systemInit = uint(buf, pos, len);
          default -> { }
        }
        pos += len;
      }
      if (interval > 0) {
        ctx.state.samplingRate(samplerId, interval);
      } else if (packetInterval > 0 && packetSpace >= 0) {
        ctx.state.samplingRate(samplerId, (packetInterval + packetSpace) / packetInterval);
      }
      if (systemInit > 0) {
        ctx.state.systemInitTimeMillis(systemInit);
      }
      records++;
      ctx.dataRecords++;
    }
    ctx.result.addOptionsRecords(records);
    return true;
  }

  private static FlowRecord newRecord(RecordContext ctx) {
    FlowRecord r = new FlowRecord();
    r.setType(ctx.type);
    r.setTimeReceivedMs(ctx.receivedAtMillis);
    r.setExporterAddress(ByteBuffer.wrap(ctx.exporter));
    r.setObservationDomainId(ctx.domainId);
    r.setSequenceNumber(ctx.sequenceNumber);
    r.setSrcAddr(EMPTY);
    r.setDstAddr(EMPTY);
    r.setNextHop(EMPTY);
    r.setDirection(FlowDirection.UNKNOWN);
    return r;
  }

  private static long uptime(RecordContext ctx, long value) {
    return ctx.uptimeBaseMillis == RecordContext.UNKNOWN_TIME ? 0 : ctx.uptimeBaseMillis + value;
  }

  /** NTP timestamp (RFC 7011 section 6.1.10: seconds since 1900 and a 2^-32 fraction) to Unix ms. */
  static long ntpMillis(long ntp) {
    long seconds = ntp >>> 32;
    long fraction = ntp & 0xFFFFFFFFL;
    return (seconds - NTP_UNIX_OFFSET_SECONDS) * 1000 + ((fraction * 1000) >>> 32);
  }

  private static ByteBuffer address(ByteBuf buf, int pos, int len) {
    byte[] a = new byte[len];
    buf.getBytes(pos, a);
    return ByteBuffer.wrap(a);
  }

  /** Unsigned big-endian integer of 1 to 8 bytes. */
  static long uint(ByteBuf buf, int pos, int len) {
    switch (len) {
      case 1:
        return buf.getUnsignedByte(pos);
      case 2:
        return buf.getUnsignedShort(pos);
      case 4:
        return buf.getUnsignedInt(pos);
      case 8:
        return buf.getLong(pos);
      default:
        long v = 0;
        for (int i = 0; i < len; i++) {
          v = (v << 8) | buf.getUnsignedByte(pos + i);
        }
        return v;
    }
  }

  private static boolean malformed(RecordContext ctx, String what, int offset) {
    ctx.result.malformed(what, offset);
    return false;
  }
}

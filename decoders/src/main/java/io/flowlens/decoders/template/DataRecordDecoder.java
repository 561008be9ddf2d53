package io.flowlens.decoders.template;

import static io.flowlens.decoders.template.InformationElement.VARIABLE_LENGTH;

import io.flowlens.decoders.Addresses;
import io.flowlens.decoders.IcmpNormalisation;
import io.flowlens.schema.FlowDirection;
import io.flowlens.schema.FlowRecord;
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
final class DataRecordDecoder {
  /** Seconds between the NTP epoch (1900) and the Unix epoch (1970). */
  private static final long NTP_UNIX_OFFSET_SECONDS = 2_208_988_800L;

  private static final int ETYPE_IPV4 = 0x0800;
  private static final int ETYPE_IPV6 = 0x86DD;

  private DataRecordDecoder() {}

  /**
   * Decodes the flow records of the set at {@code [pos, end)} of {@code a}, indexes being relative
   * to {@code off} (the datagram's offset in its backing array).
   *
   * @return false when the set was malformed (already reported to the result)
   */
  static boolean decodeFlows(byte[] a, int off, int pos, int end, Template t, RecordContext ctx) {
    final int[] kinds = t.stepKinds;
    final int[] lengths = t.stepLengths;
    final int[] offsets = t.stepOffsets;
    final int n = kinds.length;
    final int min = t.minLength;
    final int fixed = t.fixedLength;
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
      // p walks a variable-length record field by field; a fixed-length one is read at offsets.
      int p = pos;
      for (int i = 0; i < n; i++) {
        int len = lengths[i];
        final int at;
        if (fixed >= 0) {
          at = off + pos + offsets[i];
        } else {
          if (len == VARIABLE_LENGTH) {
            if (p >= end) {
              return malformed(ctx, "variable-length field prefix past the end of the set", p);
            }
            len = (a[off + p++] & 0xFF);
            if (len == 255) {
              if (end - p < 2) {
                return malformed(ctx, "variable-length field prefix past the end of the set", p);
              }
              len = u16(a, off + p);
              p += 2;
            }
          }
          if (end - p < len) {
            return malformed(ctx, "field of " + len + " bytes past the end of the set", p);
          }
          at = off + p;
          p += len;
        }
        switch (kinds[i]) {
          case FieldKind.SKIP -> { }
          case FieldKind.BYTES -> r.setBytes(uint(a, at, len));
          case FieldKind.PACKETS -> r.setPackets(uint(a, at, len));
          // Templates with both IPv4 and IPv6 addresses fill the family not in use with zeros:
          // a zero address never replaces one already read.
          case FieldKind.SRC_V4 -> {
            if (nonZero(a, at, 4) || r.getSrcAddr().remaining() == 0) {
              r.setSrcAddr(address(a, at, 4));
              sawV4 = true;
            }
          }
          case FieldKind.DST_V4 -> {
            if (nonZero(a, at, 4) || r.getDstAddr().remaining() == 0) {
              r.setDstAddr(address(a, at, 4));
              sawV4 = true;
            }
          }
          case FieldKind.SRC_V6 -> {
            if (nonZero(a, at, 16) || r.getSrcAddr().remaining() == 0) {
              r.setSrcAddr(address(a, at, 16));
              sawV6 = true;
            }
          }
          case FieldKind.DST_V6 -> {
            if (nonZero(a, at, 16) || r.getDstAddr().remaining() == 0) {
              r.setDstAddr(address(a, at, 16));
              sawV6 = true;
            }
          }
          case FieldKind.SRC_PORT -> r.setSrcPort((int) uint(a, at, len));
          case FieldKind.DST_PORT -> r.setDstPort((int) uint(a, at, len));
          case FieldKind.PROTO -> r.setProto((int) uint(a, at, len));
          case FieldKind.TCP_FLAGS -> r.setTcpFlags((int) uint(a, at, len));
          case FieldKind.TOS -> r.setTos((int) uint(a, at, len));
          case FieldKind.IN_IF -> r.setInIf(uint(a, at, len));
          case FieldKind.OUT_IF -> r.setOutIf(uint(a, at, len));
          case FieldKind.NEXT_HOP -> r.setNextHop(address(a, at, len));
          case FieldKind.SRC_AS -> r.setSrcAs(uint(a, at, len));
          case FieldKind.DST_AS -> r.setDstAs(uint(a, at, len));
          case FieldKind.SRC_PREFIX -> r.setSrcPrefixLen((int) uint(a, at, len));
          case FieldKind.DST_PREFIX -> r.setDstPrefixLen((int) uint(a, at, len));
          case FieldKind.SRC_VLAN -> r.setSrcVlan((int) uint(a, at, len));
          case FieldKind.DST_VLAN -> r.setDstVlan((int) uint(a, at, len));
          case FieldKind.SRC_MAC -> r.setSrcMac(uint(a, at, 6));
          case FieldKind.DST_MAC -> r.setDstMac(uint(a, at, 6));
          case FieldKind.DIRECTION -> {
            long d = uint(a, at, len);
            r.setDirection(d == 0 ? FlowDirection.INGRESS : d == 1 ? FlowDirection.EGRESS : FlowDirection.UNKNOWN);
          }
          case FieldKind.IP_VERSION -> ipVersion = (int) uint(a, at, len);
          case FieldKind.ICMP_TYPE_CODE -> icmpTypeCode = uint(a, at, len);
          case FieldKind.ICMP_TYPE -> icmpType = (int) uint(a, at, len);
          case FieldKind.ICMP_CODE -> icmpCode = (int) uint(a, at, len);
          case FieldKind.START_UPTIME -> start = uptime(ctx, uint(a, at, len));
          case FieldKind.END_UPTIME -> endTime = uptime(ctx, uint(a, at, len));
          case FieldKind.START_SECONDS -> start = uint(a, at, len) * 1000;
          case FieldKind.END_SECONDS -> endTime = uint(a, at, len) * 1000;
          case FieldKind.START_MILLIS -> start = uint(a, at, len);
          case FieldKind.END_MILLIS -> endTime = uint(a, at, len);
          case FieldKind.START_NTP -> start = ntpMillis(uint(a, at, 8));
          case FieldKind.END_NTP -> endTime = ntpMillis(uint(a, at, 8));
          case FieldKind.START_DELTA_MICROS -> start = ctx.exportTimeMillis - uint(a, at, len) / 1000;
          case FieldKind.END_DELTA_MICROS -> endTime = ctx.exportTimeMillis - uint(a, at, len) / 1000;
          case FieldKind.DURATION_MILLIS -> duration = uint(a, at, len);
          case FieldKind.SAMPLER_ID -> samplerId = uint(a, at, len);
          case FieldKind.SAMPLING_INTERVAL -> interval = uint(a, at, len);
          case FieldKind.PACKET_INTERVAL -> packetInterval = uint(a, at, len);
          case FieldKind.PACKET_SPACE -> packetSpace = uint(a, at, len);
          default -> { }
        }
      }
      pos = fixed >= 0 ? pos + fixed : p;
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
   * Decodes the options records of the set at {@code [pos, end)} of {@code a} into the domain's
   * state, indexes being relative to {@code off}.
   *
   * @return false when the set was malformed (already reported to the result)
   */
  static boolean decodeOptions(byte[] a, int off, int pos, int end, Template t, RecordContext ctx) {
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
          len = (a[off + pos++] & 0xFF);
          if (len == 255) {
            if (end - pos < 2) {
              ctx.result.addOptionsRecords(records);
              return malformed(ctx, "variable-length field prefix past the end of the set", pos);
            }
            len = u16(a, off + pos);
            pos += 2;
          }
        }
        if (end - pos < len) {
          ctx.result.addOptionsRecords(records);
          return malformed(ctx, "field of " + len + " bytes past the end of the set", pos);
        }
        switch (kinds[i]) {
          case FieldKind.SAMPLER_ID -> samplerId = uint(a, off + pos, len);
          case FieldKind.SAMPLING_INTERVAL -> interval = uint(a, off + pos, len);
          case FieldKind.PACKET_INTERVAL -> packetInterval = uint(a, off + pos, len);
          case FieldKind.PACKET_SPACE -> packetSpace = uint(a, off + pos, len);
          case FieldKind.SYSTEM_INIT_MILLIS -> systemInit = uint(a, off + pos, len);
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
    r.setSrcAddr(Addresses.EMPTY);
    r.setDstAddr(Addresses.EMPTY);
    r.setNextHop(Addresses.EMPTY);
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

  private static boolean nonZero(byte[] a, int at, int len) {
    for (int i = 0; i < len; i++) {
      if (a[at + i] != 0) {
        return true;
      }
    }
    return false;
  }

  private static ByteBuffer address(byte[] a, int at, int len) {
    byte[] copy = new byte[len];
    System.arraycopy(a, at, copy, 0, len);
    return ByteBuffer.wrap(copy);
  }

  private static int u16(byte[] a, int at) {
    return ((a[at] & 0xFF) << 8) | (a[at + 1] & 0xFF);
  }

  private static long u32(byte[] a, int at) {
    return ((long) u16(a, at) << 16) | u16(a, at + 2);
  }

  /** Unsigned big-endian integer of 1 to 8 bytes. */
  static long uint(byte[] a, int at, int len) {
    switch (len) {
      case 1:
        return a[at] & 0xFF;
      case 2:
        return u16(a, at);
      case 4:
        return u32(a, at);
      case 8:
        return (u32(a, at) << 32) | u32(a, at + 4);
      default:
        long v = 0;
        for (int i = 0; i < len; i++) {
          v = (v << 8) | (a[at + i] & 0xFF);
        }
        return v;
    }
  }

  private static boolean malformed(RecordContext ctx, String what, int offset) {
    ctx.result.malformed(what, offset);
    return false;
  }
}

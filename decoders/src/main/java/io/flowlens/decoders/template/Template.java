package io.flowlens.decoders.template;

import static io.flowlens.decoders.template.InformationElement.*;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * A template "compiled" once when it arrives: each field becomes a {@link FieldKind} step with its
 * length, with the choice between alternative elements (octetDeltaCount before octetTotalCount
 * before postOctetDeltaCount, ingressInterface before ingressPhysicalInterface, ...) made here, so
 * that decoding a data record is one tight loop over two int arrays.
 *
 * <p>Immutable, shared between decode workers through the {@link TemplateCache}.
 */
public final class Template {
  private final int id;
  private final boolean options;
  private final List<TemplateField> fields;
  final int[] kinds;
  final int[] lengths;
  /** Length of a record in bytes when no field is variable-length; otherwise -1. */
  final int fixedLength;
  /** The least number of bytes a record can take (variable-length fields count their 1-byte prefix). */
  final int minLength;
  /**
   * The steps the record decoder runs per record. For a fixed-length template only the fields it
   * uses, each at its precomputed offset in the record, so skipped fields cost nothing; for a
   * variable-length one every field in wire order (offsets are not known before reading).
   */
  final int[] stepKinds;
  final int[] stepLengths;
  final int[] stepOffsets;

  /** The template record's bytes after its id, as announced; a repeat of them changes nothing. */
  private final byte[] announcement;

  private Template(
      int id, boolean options, List<TemplateField> fields, int[] kinds, int[] lengths, byte[] announcement) {
    this.id = id;
    this.announcement = announcement;
    this.options = options;
    this.fields = List.copyOf(fields);
    this.kinds = kinds;
    this.lengths = lengths;
    int min = 0;
    boolean variable = false;
    for (int length : lengths) {
      if (length == VARIABLE_LENGTH) {
        variable = true;
        min += 1;
      } else {
        min += length;
      }
    }
    this.minLength = min;
    this.fixedLength = variable ? -1 : min;
    int steps = 0;
    for (int kind : kinds) {
      if (variable || kind != FieldKind.SKIP) {
        steps++;
      }
    }
    this.stepKinds = new int[steps];
    this.stepLengths = new int[steps];
    this.stepOffsets = new int[steps];
    int step = 0;
    int offset = 0;
    for (int i = 0; i < kinds.length; i++) {
      if (variable || kinds[i] != FieldKind.SKIP) {
        stepKinds[step] = kinds[i];
        stepLengths[step] = lengths[i];
        stepOffsets[step] = offset;
        step++;
      }
      offset += lengths[i];
    }
  }

  /**
   * Compiles a (flow) data template.
   *
   * @param id template id (256..65535)
   * @param fields the fields in wire order
   * @param announcement the template record's bytes after the template id, as received
   */
  public static Template data(int id, List<TemplateField> fields, byte[] announcement) {
    int n = fields.size();
    int[] kinds = new int[n];
    int[] lengths = new int[n];
    boolean[] present = new boolean[512];
    for (TemplateField f : fields) {
      if (f.enterpriseNumber() == 0 && f.elementId() < present.length) {
        present[f.elementId()] = true;
      }
    }
    for (int i = 0; i < n; i++) {
      TemplateField f = fields.get(i);
      lengths[i] = f.length();
      kinds[i] = f.enterpriseNumber() != 0 ? FieldKind.SKIP : dataKind(f, present);
    }
    return new Template(id, false, fields, kinds, lengths, announcement);
  }

  /**
   * Compiles an options template. Only the elements that change collector state are kept: sampler
   * id and sampling rate elements, and systemInitTimeMilliseconds.
   *
   * @param scopeFieldCount how many leading fields are scope fields
   * @param scopeIsElements true for IPFIX, where scope fields are information elements (selectorId
   *     may be one); false for NetFlow v9, where scope field types are a separate numbering
   *     (1 System, 2 Interface, ...) that must not be read as element ids
   * @param announcement the options template record's bytes after the template id, as received
   */
  public static Template options(
      int id, List<TemplateField> fields, int scopeFieldCount, boolean scopeIsElements, byte[] announcement) {
    int n = fields.size();
    int[] kinds = new int[n];
    int[] lengths = new int[n];
    for (int i = 0; i < n; i++) {
      TemplateField f = fields.get(i);
      lengths[i] = f.length();
      boolean usable = f.enterpriseNumber() == 0 && (i >= scopeFieldCount || scopeIsElements);
      kinds[i] = usable ? optionsKind(f) : FieldKind.SKIP;
    }
    return new Template(id, true, fields, kinds, lengths, announcement);
  }

  private static int optionsKind(TemplateField f) {
    return switch (f.elementId()) {
      case SAMPLER_ID, SELECTOR_ID -> FieldKind.SAMPLER_ID;
      case SAMPLING_INTERVAL, SAMPLER_RANDOM_INTERVAL -> FieldKind.SAMPLING_INTERVAL;
      case SAMPLING_PACKET_INTERVAL -> FieldKind.PACKET_INTERVAL;
      case SAMPLING_PACKET_SPACE -> FieldKind.PACKET_SPACE;
      case SYSTEM_INIT_TIME_MILLISECONDS -> FieldKind.SYSTEM_INIT_MILLIS;
      default -> FieldKind.SKIP;
    };
  }

  private static int dataKind(TemplateField f, boolean[] present) {
    int len = f.length();
    return switch (f.elementId()) {
      case OCTET_DELTA_COUNT -> counter(len, FieldKind.BYTES);
      case OCTET_TOTAL_COUNT -> present[OCTET_DELTA_COUNT] ? FieldKind.SKIP : counter(len, FieldKind.BYTES);
      case POST_OCTET_DELTA_COUNT ->
          present[OCTET_DELTA_COUNT] || present[OCTET_TOTAL_COUNT] ? FieldKind.SKIP : counter(len, FieldKind.BYTES);
      case PACKET_DELTA_COUNT -> counter(len, FieldKind.PACKETS);
      case PACKET_TOTAL_COUNT -> present[PACKET_DELTA_COUNT] ? FieldKind.SKIP : counter(len, FieldKind.PACKETS);
      case POST_PACKET_DELTA_COUNT ->
          present[PACKET_DELTA_COUNT] || present[PACKET_TOTAL_COUNT] ? FieldKind.SKIP : counter(len, FieldKind.PACKETS);
      case SOURCE_IPV4_ADDRESS -> len == 4 ? FieldKind.SRC_V4 : FieldKind.SKIP;
      case DESTINATION_IPV4_ADDRESS -> len == 4 ? FieldKind.DST_V4 : FieldKind.SKIP;
      case SOURCE_IPV6_ADDRESS -> len == 16 ? FieldKind.SRC_V6 : FieldKind.SKIP;
      case DESTINATION_IPV6_ADDRESS -> len == 16 ? FieldKind.DST_V6 : FieldKind.SKIP;
      case SOURCE_TRANSPORT_PORT -> counter(len, FieldKind.SRC_PORT);
      case DESTINATION_TRANSPORT_PORT -> counter(len, FieldKind.DST_PORT);
      case PROTOCOL_IDENTIFIER -> counter(len, FieldKind.PROTO);
      case TCP_CONTROL_BITS -> counter(len, FieldKind.TCP_FLAGS);
      case IP_CLASS_OF_SERVICE -> counter(len, FieldKind.TOS);
      case INGRESS_INTERFACE -> counter(len, FieldKind.IN_IF);
      case EGRESS_INTERFACE -> counter(len, FieldKind.OUT_IF);
      case INGRESS_PHYSICAL_INTERFACE -> present[INGRESS_INTERFACE] ? FieldKind.SKIP : counter(len, FieldKind.IN_IF);
      case EGRESS_PHYSICAL_INTERFACE -> present[EGRESS_INTERFACE] ? FieldKind.SKIP : counter(len, FieldKind.OUT_IF);
      case IP_NEXT_HOP_IPV4_ADDRESS, IP_NEXT_HOP_IPV6_ADDRESS -> address(len, FieldKind.NEXT_HOP);
      case BGP_NEXT_HOP_IPV4_ADDRESS, BGP_NEXT_HOP_IPV6_ADDRESS ->
          present[IP_NEXT_HOP_IPV4_ADDRESS] || present[IP_NEXT_HOP_IPV6_ADDRESS]
              ? FieldKind.SKIP
              : address(len, FieldKind.NEXT_HOP);
      case BGP_SOURCE_AS_NUMBER -> counter(len, FieldKind.SRC_AS);
      case BGP_DESTINATION_AS_NUMBER -> counter(len, FieldKind.DST_AS);
      case SOURCE_IPV4_PREFIX_LENGTH, SOURCE_IPV6_PREFIX_LENGTH -> counter(len, FieldKind.SRC_PREFIX);
      case DESTINATION_IPV4_PREFIX_LENGTH, DESTINATION_IPV6_PREFIX_LENGTH -> counter(len, FieldKind.DST_PREFIX);
      case VLAN_ID -> counter(len, FieldKind.SRC_VLAN);
      case DOT1Q_VLAN_ID -> present[VLAN_ID] ? FieldKind.SKIP : counter(len, FieldKind.SRC_VLAN);
      case POST_VLAN_ID -> counter(len, FieldKind.DST_VLAN);
      case SOURCE_MAC_ADDRESS -> mac(len, FieldKind.SRC_MAC);
      case POST_SOURCE_MAC_ADDRESS -> present[SOURCE_MAC_ADDRESS] ? FieldKind.SKIP : mac(len, FieldKind.SRC_MAC);
      case DESTINATION_MAC_ADDRESS -> mac(len, FieldKind.DST_MAC);
      case POST_DESTINATION_MAC_ADDRESS ->
          present[DESTINATION_MAC_ADDRESS] ? FieldKind.SKIP : mac(len, FieldKind.DST_MAC);
      case FLOW_DIRECTION -> counter(len, FieldKind.DIRECTION);
      case IP_VERSION -> counter(len, FieldKind.IP_VERSION);
      case ICMP_TYPE_CODE_IPV4, ICMP_TYPE_CODE_IPV6 -> counter(len, FieldKind.ICMP_TYPE_CODE);
      case ICMP_TYPE_IPV4, ICMP_TYPE_IPV6 -> counter(len, FieldKind.ICMP_TYPE);
      case ICMP_CODE_IPV4, ICMP_CODE_IPV6 -> counter(len, FieldKind.ICMP_CODE);
      case FLOW_START_SYS_UP_TIME -> counter(len, FieldKind.START_UPTIME);
      case FLOW_END_SYS_UP_TIME -> counter(len, FieldKind.END_UPTIME);
      case FLOW_START_SECONDS -> counter(len, FieldKind.START_SECONDS);
      case FLOW_END_SECONDS -> counter(len, FieldKind.END_SECONDS);
      case FLOW_START_MILLISECONDS -> counter(len, FieldKind.START_MILLIS);
      case FLOW_END_MILLISECONDS -> counter(len, FieldKind.END_MILLIS);
      case FLOW_START_MICROSECONDS, FLOW_START_NANOSECONDS -> len == 8 ? FieldKind.START_NTP : FieldKind.SKIP;
      case FLOW_END_MICROSECONDS, FLOW_END_NANOSECONDS -> len == 8 ? FieldKind.END_NTP : FieldKind.SKIP;
      case FLOW_START_DELTA_MICROSECONDS -> counter(len, FieldKind.START_DELTA_MICROS);
      case FLOW_END_DELTA_MICROSECONDS -> counter(len, FieldKind.END_DELTA_MICROS);
      case FLOW_DURATION_MILLISECONDS -> counter(len, FieldKind.DURATION_MILLIS);
      case SAMPLER_ID, SELECTOR_ID -> counter(len, FieldKind.SAMPLER_ID);
      case SAMPLING_INTERVAL, SAMPLER_RANDOM_INTERVAL -> counter(len, FieldKind.SAMPLING_INTERVAL);
      case SAMPLING_PACKET_INTERVAL -> counter(len, FieldKind.PACKET_INTERVAL);
      case SAMPLING_PACKET_SPACE -> counter(len, FieldKind.PACKET_SPACE);
      default -> FieldKind.SKIP;
    };
  }

  /** Unsigned integers of 1 to 8 bytes (reduced-size encoding included); anything else is skipped. */
  private static int counter(int length, int kind) {
    return length >= 1 && length <= 8 ? kind : FieldKind.SKIP;
  }

  private static int address(int length, int kind) {
    return length == 4 || length == 16 ? kind : FieldKind.SKIP;
  }

  private static int mac(int length, int kind) {
    return length == 6 ? kind : FieldKind.SKIP;
  }

  public int id() {
    return id;
  }

  /** True for an options template (v9 flowset 1, IPFIX set 3). */
  public boolean isOptions() {
    return options;
  }

  public List<TemplateField> fields() {
    return fields;
  }

  /** Record length in bytes, or -1 when the template has variable-length fields. */
  public int fixedLength() {
    return fixedLength;
  }

  /**
   * True when {@code length} bytes of {@code buf} at {@code from} are this template's announcement
   * (the record after its id): exporters resend their templates every few packets, and a resent
   * one is recognised without parsing or compiling it again.
   */
  boolean announcedAs(boolean options, ByteBuf buf, int from, int length) {
    if (options != this.options || length != announcement.length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (buf.getByte(from + i) != announcement[i]) {
        return false;
      }
    }
    return true;
  }

  /** True when the template's fields are the same (so a refresh need not replace the compiled form). */
  boolean sameFields(Template other) {
    return options == other.options && fields.equals(other.fields);
  }
}

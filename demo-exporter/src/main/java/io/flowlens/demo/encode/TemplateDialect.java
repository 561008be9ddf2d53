package io.flowlens.demo.encode;

/**
 * How NetFlow v9 (RFC 3954) and IPFIX (RFC 7011) differ in the template and data sets they
 * otherwise write alike ({@link FlowSets}): the template set id, set padding, the flow start and
 * end fields, the width of the TCP flags field, and NetFlow v9's sampler id per record.
 *
 * @param templateSetId the set id of a template set: 0 (NetFlow v9) or 2 (IPFIX)
 * @param alignment sets are padded to a multiple of this: 4 (NetFlow v9 FlowSets) or 1 (IPFIX,
 *     where padding is optional)
 * @param flowStartType the information element of the flow start time
 * @param flowEndType the information element of the flow end time
 * @param epochTimes true: start and end are 8-byte Unix epoch milliseconds; false: 4-byte
 *     milliseconds since {@code bootMillis} (sysUptime)
 * @param bootMillis Unix epoch milliseconds of sysUptime 0, without {@code epochTimes}
 * @param wideTcpFlags true: 2 bytes (IPFIX tcpControlBits, unsigned16 since RFC 7125); false: 1
 *     byte (NetFlow v9 TCP_FLAGS)
 * @param samplerId written as a last field FLOW_SAMPLER_ID (48) in every data record; 0 writes none
 */
record TemplateDialect(
    int templateSetId,
    int alignment,
    int flowStartType,
    int flowEndType,
    boolean epochTimes,
    long bootMillis,
    boolean wideTcpFlags,
    int samplerId) {

  /** NetFlow v9: FIRST_SWITCHED (22) and LAST_SWITCHED (21) relative to {@code bootMillis}. */
  static TemplateDialect netflowV9(long bootMillis, int samplerId) {
    return new TemplateDialect(0, 4, 22, 21, false, bootMillis, false, samplerId);
  }

  /** IPFIX: flowStartMilliseconds (152) and flowEndMilliseconds (153). */
  static TemplateDialect ipfix() {
    return new TemplateDialect(2, 1, 152, 153, true, 0, true, 0);
  }

  /** Bytes of the flow start and of the flow end field. */
  int timeLength() {
    return epochTimes ? 8 : 4;
  }

  /** Bytes of the TCP flags field. */
  int tcpFlagsLength() {
    return wideTcpFlags ? 2 : 1;
  }

  /** {@code length} rounded up to the set alignment. */
  int align(int length) {
    int rest = length % alignment;
    return rest == 0 ? length : length + alignment - rest;
  }
}

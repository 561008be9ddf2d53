package io.flowlens.decoders.template;

/**
 * What the record decoder does with one field of a compiled {@link Template}: the per-record loop
 * switches on these small integers instead of re-interpreting element ids and fallbacks.
 */
final class FieldKind {
  static final int SKIP = 0;
  static final int BYTES = 1;
  static final int PACKETS = 2;
  static final int SRC_V4 = 3;
  static final int DST_V4 = 4;
  static final int SRC_V6 = 5;
  static final int DST_V6 = 6;
  static final int SRC_PORT = 7;
  static final int DST_PORT = 8;
  static final int PROTO = 9;
  static final int TCP_FLAGS = 10;
  static final int TOS = 11;
  static final int IN_IF = 12;
  static final int OUT_IF = 13;
  static final int NEXT_HOP = 14;
  static final int SRC_AS = 15;
  static final int DST_AS = 16;
  static final int SRC_PREFIX = 17;
  static final int DST_PREFIX = 18;
  static final int SRC_VLAN = 19;
  static final int DST_VLAN = 20;
  static final int SRC_MAC = 21;
  static final int DST_MAC = 22;
  static final int DIRECTION = 23;
  static final int IP_VERSION = 24;
  static final int ICMP_TYPE_CODE = 25;
  static final int ICMP_TYPE = 26;
  static final int ICMP_CODE = 27;
  static final int START_UPTIME = 28;
  static final int END_UPTIME = 29;
  static final int START_SECONDS = 30;
  static final int END_SECONDS = 31;
  static final int START_MILLIS = 32;
  static final int END_MILLIS = 33;
  static final int START_NTP = 34;
  static final int END_NTP = 35;
  static final int START_DELTA_MICROS = 36;
  static final int END_DELTA_MICROS = 37;
  static final int DURATION_MILLIS = 38;
  static final int SAMPLER_ID = 39;
  static final int SAMPLING_INTERVAL = 40;
  static final int PACKET_INTERVAL = 41;
  static final int PACKET_SPACE = 42;
  static final int SYSTEM_INIT_MILLIS = 43;

  private FieldKind() {}
}

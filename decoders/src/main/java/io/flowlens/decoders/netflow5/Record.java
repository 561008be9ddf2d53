package io.flowlens.decoders.netflow5;

/**
 * The layout of a NetFlow v5 flow record (48 bytes; offsets in bytes from the record's start).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           srcaddr                             |  0
 * |                           dstaddr                             |  4
 * |                           nexthop                             |  8
 * |            input              |            output             | 12
 * |                            dPkts                              | 16
 * |                           dOctets                             | 20
 * |                            first                              | 24
 * |                            last                               | 28
 * |           srcport             |            dstport            | 32
 * |     pad1      |   tcp_flags   |     prot      |      tos      | 36
 * |           src_as              |            dst_as             | 40
 * |   src_mask    |   dst_mask    |             pad2              | 44
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>first and last are sys_uptime milliseconds; for ICMP, Cisco puts type * 256 + code in dstport.
 */
public final class Record {
  public static final int SIZE = 48;
  static final int SRCADDR = 0;
  static final int DSTADDR = 4;
  static final int NEXTHOP = 8;
  static final int INPUT = 12;
  static final int OUTPUT = 14;
  static final int DPKTS = 16;
  static final int DOCTETS = 20;
  static final int FIRST = 24;
  static final int LAST = 28;
  static final int SRCPORT = 32;
  static final int DSTPORT = 34;
  static final int TCP_FLAGS = 37;
  static final int PROT = 38;
  static final int TOS = 39;
  static final int SRC_AS = 40;
  static final int DST_AS = 42;
  static final int SRC_MASK = 44;
  static final int DST_MASK = 45;

  private Record() {}
}

package io.flowlens.decoders.ipfix;

/**
 * The header of every IPFIX Set (RFC 7011 section 3.3.2).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Set ID               |          Length               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Set ID 2 is a Template Set, 3 an Options Template Set, 0, 1 and 4-255 are not used for data,
 * and 256 and above a Data Set whose ID is its template's ID. Length covers the whole Set,
 * this header and any padding included, so a valid length is at least 4. The header is framed
 * alike in NetFlow v9, so {@link io.flowlens.decoders.template.SetWalker} reads it for both; this
 * holds the Set IDs that are IPFIX's own.
 */
public final class SetHeader {
  /** The Set ID of a Template Set. */
  public static final int TEMPLATE = 2;
  /** The Set ID of an Options Template Set. */
  public static final int OPTIONS_TEMPLATE = 3;

  private SetHeader() {}
}

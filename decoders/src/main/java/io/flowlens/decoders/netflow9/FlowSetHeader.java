package io.flowlens.decoders.netflow9;

/**
 * The header of every NetFlow v9 FlowSet (RFC 3954 section 5.2-5.4).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |       FlowSet ID              |          Length               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>FlowSet ID 0 is a template FlowSet, 1 an options template FlowSet, 2-255 are reserved, and 256
 * and above a data FlowSet whose ID is its template's ID. Length counts the whole FlowSet including
 * this header and any padding, so a valid length is at least 4. The header is framed alike in
 * IPFIX, so {@link io.flowlens.decoders.template.SetWalker} reads it for both; this holds the
 * FlowSet IDs that are NetFlow v9's own.
 */
public final class FlowSetHeader {
  /** The FlowSet ID of a template FlowSet. */
  public static final int TEMPLATE = 0;
  /** The FlowSet ID of an options template FlowSet. */
  public static final int OPTIONS_TEMPLATE = 1;

  private FlowSetHeader() {}
}

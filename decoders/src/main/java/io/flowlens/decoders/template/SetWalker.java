package io.flowlens.decoders.template;

import io.flowlens.decoders.DecodeResult;
import io.flowlens.decoders.DropReason;
import io.netty.buffer.ByteBuf;

/**
 * Walks the sets of one NetFlow v9 packet or IPFIX message, after its header. Both protocols frame
 * sets alike: a 2-byte set id (256 and above for data, naming the template) and a 2-byte length
 * covering the set, header and padding included. They differ in the ids of their template sets and
 * in how those write their records, which a {@link TemplateSetFormat} for each kind says.
 *
 * <p>The sets are walked by their length, never by a count in the header, three times: (options)
 * template sets first, so that a data set placed before its template in the same message decodes;
 * then options data and flow data ({@link DataSetDecoder}). A set whose length or content cannot be
 * trusted ends the message; what was decoded before it stays. Data whose template is unknown is
 * counted, one {@link DropReason#TEMPLATE_MISSING} per set, and never guessed.
 */
public final class SetWalker {
  /** Bytes of a set header: set id and length. */
  static final int SET_HEADER_SIZE = 4;
  /** The lowest id of a data set, and of a template. */
  static final int MIN_DATA_SET_ID = 256;

  private final TemplateCache templates;
  private final int version;
  private final int headerSize;
  private final String setName;
  private final TemplateSetFormat templateSet;
  private final TemplateSetFormat optionsTemplateSet;

  /**
   * @param version the protocol version, which keys the exporter's domains in {@code templates}
   * @param headerSize where the first set starts
   * @param setName what the protocol calls a set, in malformed descriptions ("flowset", "set")
   */
  public SetWalker(
      TemplateCache templates,
      int version,
      int headerSize,
      String setName,
      TemplateSetFormat templateSet,
      TemplateSetFormat optionsTemplateSet) {
    this.templates = templates;
    this.version = version;
    this.headerSize = headerSize;
    this.setName = setName;
    this.templateSet = templateSet;
    this.optionsTemplateSet = optionsTemplateSet;
  }

  /**
   * Decodes the sets in {@code [headerSize, end)} of {@code buf} (index 0 is the datagram's first
   * byte) into the context: learns the templates, creating the domain's state when a template set
   * needs it, then decodes the data. Returns the data records decoded, flow and options alike: 0
   * when the domain has no state, and then every data set is counted without its template.
   */
  public int decode(ByteBuf buf, int end, RecordContext ctx) {
    DecodeResult result = ctx.result;
    long now = ctx.receivedAtMillis;
    DomainState state = templates.find(ctx.exporter, version, ctx.domainId);

    // Pass 1: validate every set header, learn and withdraw templates.
    int validEnd = end;
    int pos = headerSize;
    while (pos < end) {
      int remaining = end - pos;
      int length = remaining >= SET_HEADER_SIZE ? buf.getUnsignedShort(pos + 2) : 0;
      if (length < SET_HEADER_SIZE) {
        if (!Padding.isZero(buf, pos, end)) {
          result.malformed(setName + " length " + length + " is less than " + SET_HEADER_SIZE, pos);
        }
        validEnd = pos;
        break;
      }
      if (length > remaining) {
        result.malformed(setName + " length " + length + " exceeds the " + remaining + " bytes left", pos);
        validEnd = pos;
        break;
      }
      int id = buf.getUnsignedShort(pos);
      if (id == templateSet.setId() || id == optionsTemplateSet.setId()) {
        if (state == null) {
          state = templates.findOrCreate(ctx.exporter, version, ctx.domainId, now);
        }
        TemplateSetFormat format = id == templateSet.setId() ? templateSet : optionsTemplateSet;
        if (!TemplateAnnouncements.readSet(buf, pos + SET_HEADER_SIZE, pos + length, format, state, now, result)) {
          validEnd = pos;
          break;
        }
      }
      pos += length;
    }
    if (state == null) {
      for (pos = headerSize; pos < validEnd; pos += buf.getUnsignedShort(pos + 2)) {
        if (buf.getUnsignedShort(pos) >= MIN_DATA_SET_ID) {
          result.drop(DropReason.TEMPLATE_MISSING, 1);
        }
      }
      return 0;
    }
    ctx.state = state;

    // Passes 2 and 3: options data, which may set the sampling rates and system init time the flows
    // of this message use, then flow data.
    DataSetDecoder.decode(buf, headerSize, validEnd, ctx);
    return ctx.dataRecords;
  }
}

package io.flowlens.decoders.ipfix;

import io.flowlens.decoders.DatagramDecoder;
import io.flowlens.decoders.DecodeResult;
import io.flowlens.decoders.DropReason;
import io.flowlens.decoders.ExportPacket;
import io.flowlens.decoders.ExportSource;
import io.flowlens.decoders.Protocol;
import io.flowlens.decoders.template.RecordContext;
import io.flowlens.decoders.template.SetWalker;
import io.flowlens.decoders.template.TemplateCache;
import io.flowlens.decoders.template.TemplateSetFormat;
import io.flowlens.schema.FlowType;
import io.netty.buffer.ByteBuf;

/**
 * Decodes IPFIX messages (RFC 7011) carried over UDP: the message header, then the sets within the
 * message length as {@link SetWalker} walks them. Template withdrawals (RFC 7011 section 8.1) are
 * applied; the system init time announced by options data places the message's flows in time.
 *
 * <p>The sequence increment reported is the number of data records decoded, flow and options
 * records alike, as the exporter counts them (RFC 7011 section 3.1). Records of sets without a
 * template, or after a malformed set, cannot be counted: the increment is then reported as not
 * known, so that a loss tracker resynchronises instead of counting them lost.
 */
public final class IpfixDecoder implements DatagramDecoder {
  private static final TemplateSetFormat TEMPLATES = new TemplateSetFormat(
      SetHeader.TEMPLATE, false, TemplateRecord.SIZE, true, "field specifiers overrun the set",
      TemplateRecord::wireLength, (buf, pos, end, announcement) -> TemplateRecord.read(buf, pos, end).template(announcement));
  private static final TemplateSetFormat OPTIONS_TEMPLATES = new TemplateSetFormat(
      SetHeader.OPTIONS_TEMPLATE, true, OptionsTemplateRecord.WITHDRAWAL_SIZE, true,
      "scope or field specifiers overrun the set", OptionsTemplateRecord::wireLength,
      (buf, pos, end, announcement) -> OptionsTemplateRecord.read(buf, pos, end).template(announcement));

  private final SetWalker sets;

  public IpfixDecoder(TemplateCache templates) {
    this.sets = new SetWalker(
        templates, MessageHeader.VERSION, MessageHeader.SIZE, "set", TEMPLATES, OPTIONS_TEMPLATES);
  }

  @Override
  public DecodeResult decode(ByteBuf datagram, ExportSource source) {
    DecodeResult result = new DecodeResult().protocol(Protocol.IPFIX);
    ByteBuf buf = ExportPacket.open(datagram, MessageHeader.SIZE, MessageHeader.VERSION, "message header", result);
    if (buf == null) {
      return result;
    }
    MessageHeader header = MessageHeader.read(buf, 0);
    int available = buf.readableBytes();
    if (header.length() < MessageHeader.SIZE || header.length() > available) {
      result.malformed("message length " + header.length() + " does not fit the " + available + "-byte datagram", 2);
      return result;
    }
    long domainId = header.observationDomainId();
    RecordContext ctx = new RecordContext(FlowType.IPFIX, source.receivedAtMillis(), source.address().clone(),
        domainId, header.sequenceNumber(), RecordContext.SYSTEM_INIT_TIME, header.exportTime() * 1000, result);
    int records = sets.decode(buf, header.length(), ctx);
    result.sequence(domainId, header.sequenceNumber(), records, allCounted(result));
    return result;
  }

  /** False when data records went uncounted: in sets without template, or after a malformed set. */
  private static boolean allCounted(DecodeResult result) {
    return result.dropped(DropReason.TEMPLATE_MISSING) == 0 && result.dropped(DropReason.MALFORMED) == 0;
  }
}

package io.flowlens.decoders.netflow9;

import io.flowlens.decoders.DatagramDecoder;
import io.flowlens.decoders.DecodeResult;
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
 * Decodes NetFlow v9 export packets (RFC 3954): the header, then the FlowSets as {@link SetWalker}
 * walks them, by their length, never by the header's count.
 *
 * <p>The sequence number counts export packets per source id: each packet moves it by 1, however
 * much of the packet decodes.
 */
public final class NetflowV9Decoder implements DatagramDecoder {
  private static final TemplateSetFormat TEMPLATES = new TemplateSetFormat(
      FlowSetHeader.TEMPLATE, false, TemplateRecord.SIZE, false, "field count overruns the flowset",
      TemplateRecord::wireLength, (buf, pos, end, announcement) -> TemplateRecord.read(buf, pos, end).template(announcement));
  private static final TemplateSetFormat OPTIONS_TEMPLATES = new TemplateSetFormat(
      FlowSetHeader.OPTIONS_TEMPLATE, true, OptionsTemplateRecord.SIZE, false, "scope/option lengths overrun the flowset",
      OptionsTemplateRecord::wireLength,
      (buf, pos, end, announcement) -> OptionsTemplateRecord.read(buf, pos, end).template(announcement));

  private final SetWalker sets;

  public NetflowV9Decoder(TemplateCache templates) {
    this.sets = new SetWalker(templates, Header.VERSION, Header.SIZE, "flowset", TEMPLATES, OPTIONS_TEMPLATES);
  }

  @Override
  public DecodeResult decode(ByteBuf datagram, ExportSource source) {
    DecodeResult result = new DecodeResult().protocol(Protocol.NETFLOW_V9);
    ByteBuf buf = ExportPacket.open(datagram, Header.SIZE, Header.VERSION, "header", result);
    if (buf == null) {
      return result;
    }
    Header header = Header.read(buf, 0);
    result.sequence(header.sourceId(), header.sequenceNumber(), 1);
    RecordContext ctx = new RecordContext(FlowType.NETFLOW_V9, source.receivedAtMillis(), source.address().clone(),
        header.sourceId(), header.sequenceNumber(), header.bootTimeMillis(), header.unixSecs() * 1000, result);
    sets.decode(buf, buf.readableBytes(), ctx);
    return result;
  }
}

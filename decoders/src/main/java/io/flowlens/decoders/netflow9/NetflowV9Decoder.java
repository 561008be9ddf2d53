package io.flowlens.decoders.netflow9;

import static io.flowlens.decoders.template.TemplateAnnouncements.announcement;
import static io.flowlens.decoders.template.TemplateAnnouncements.refreshed;
import static io.flowlens.decoders.template.TemplateAnnouncements.store;

import io.flowlens.decoders.DatagramDecoder;
import io.flowlens.decoders.DecodeResult;
import io.flowlens.decoders.DropReason;
import io.flowlens.decoders.ExportSource;
import io.flowlens.decoders.Protocol;
import io.flowlens.decoders.template.DataSetDecoder;
import io.flowlens.decoders.template.DomainState;
import io.flowlens.decoders.template.Padding;
import io.flowlens.decoders.template.RecordContext;
import io.flowlens.decoders.template.Template;
import io.flowlens.decoders.template.TemplateCache;
import io.flowlens.decoders.template.TemplateField;
import io.flowlens.schema.FlowType;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes NetFlow v9 export packets (RFC 3954).
 *
 * <p>FlowSets are walked by their length, never by the header's count. The packet is walked three
 * times: template FlowSets first (so that a data FlowSet placed before its template in the same
 * packet decodes), then options data (so that sampling rates announced in the packet apply to its
 * flows), then flow data. A FlowSet whose length or content cannot be trusted ends the packet;
 * what was decoded before it stays. Data whose template is unknown is counted, one
 * {@link DropReason#TEMPLATE_MISSING} per FlowSet, and never guessed.
 */
public final class NetflowV9Decoder implements DatagramDecoder {
  private final TemplateCache templates;

  public NetflowV9Decoder(TemplateCache templates) {
    this.templates = templates;
  }

  @Override
  public DecodeResult decode(ByteBuf datagram, ExportSource source) {
    DecodeResult result = new DecodeResult().protocol(Protocol.NETFLOW_V9);
    ByteBuf buf = datagram.slice(datagram.readerIndex(), datagram.readableBytes());
    int end = buf.readableBytes();
    if (end < Header.SIZE) {
      result.malformed("truncated header: " + end + " bytes", 0);
      return result;
    }
    Header header = Header.read(buf, 0);
    if (header.version() != Header.VERSION) {
      result.drop(DropReason.UNSUPPORTED_VERSION, 1);
      return result;
    }
    result.sequence(header.sourceId(), header.sequenceNumber(), 1);
    long now = source.receivedAtMillis();
    byte[] exporter = source.address().clone();
    DomainState state = templates.find(exporter, Header.VERSION, header.sourceId());

    // Pass 1: validate every FlowSet header, learn templates.
    int validEnd = end;
    int pos = Header.SIZE;
    while (pos < end) {
      int remaining = end - pos;
      int length = remaining >= FlowSetHeader.SIZE ? FlowSetHeader.read(buf, pos).length() : 0;
      if (length < FlowSetHeader.SIZE) {
        if (!Padding.isZero(buf, pos, end)) {
          result.malformed("flowset length " + length + " is less than " + FlowSetHeader.SIZE, pos);
        }
        validEnd = pos;
        break;
      }
      if (length > remaining) {
        result.malformed("flowset length " + length + " exceeds the " + remaining + " bytes left", pos);
        validEnd = pos;
        break;
      }
      int id = buf.getUnsignedShort(pos);
      if (id == FlowSetHeader.TEMPLATE || id == FlowSetHeader.OPTIONS_TEMPLATE) {
        if (state == null) {
          state = templates.findOrCreate(exporter, Header.VERSION, header.sourceId(), now);
        }
        boolean ok = id == FlowSetHeader.TEMPLATE
            ? readTemplates(buf, pos + FlowSetHeader.SIZE, pos + length, state, now, result)
            : readOptionsTemplates(buf, pos + FlowSetHeader.SIZE, pos + length, state, now, result);
        if (!ok) {
          validEnd = pos;
          break;
        }
      }
      pos += length;
    }
    if (state == null) {
      countMissing(buf, validEnd, result);
      return result;
    }
    RecordContext ctx = new RecordContext(FlowType.NETFLOW_V9, now, exporter, header.sourceId(),
        header.sequenceNumber(), header.bootTimeMillis(), header.unixSecs() * 1000, state, result);

    // Passes 2 and 3: options data, which may set the sampling rates the flows of this packet use,
    // then flow data.
    DataSetDecoder.decode(buf, Header.SIZE, validEnd, ctx);
    return result;
  }

  /** Without any state for the exporter, every data FlowSet lacks its template. */
  private static void countMissing(ByteBuf buf, int validEnd, DecodeResult result) {
    for (int pos = Header.SIZE; pos < validEnd; pos += buf.getUnsignedShort(pos + 2)) {
      if (buf.getUnsignedShort(pos) >= FlowSetHeader.MIN_DATA) {
        result.drop(DropReason.TEMPLATE_MISSING, 1);
      }
    }
  }

  private static boolean readTemplates(ByteBuf buf, int pos, int end, DomainState state, long now, DecodeResult result) {
    while (end - pos >= TemplateRecord.SIZE) {
      int id = buf.getUnsignedShort(pos);
      if (id < FlowSetHeader.MIN_DATA) {
        if (Padding.isZero(buf, pos, end)) {
          return true;
        }
        result.malformed("template id " + id + " is below 256", pos);
        return false;
      }
      int length = TemplateRecord.wireLength(buf, pos, end);
      if (length < 0) {
        result.malformed("template " + id + " field count overruns the flowset", pos);
        return false;
      }
      if (!refreshed(state, id, false, buf, pos, length, now, result)) {
        TemplateRecord record = TemplateRecord.read(buf, pos, end);
        store(Template.data(id, fields(record.fields()), announcement(buf, pos, length)), state, now, result);
      }
      pos += length;
    }
    return true;
  }

  private static boolean readOptionsTemplates(
      ByteBuf buf, int pos, int end, DomainState state, long now, DecodeResult result) {
    while (end - pos >= OptionsTemplateRecord.SIZE) {
      int id = buf.getUnsignedShort(pos);
      if (id < FlowSetHeader.MIN_DATA) {
        if (Padding.isZero(buf, pos, end)) {
          return true;
        }
        result.malformed("options template id " + id + " is below 256", pos);
        return false;
      }
      int length = OptionsTemplateRecord.wireLength(buf, pos, end);
      if (length < 0) {
        result.malformed("options template " + id + " scope/option lengths overrun the flowset", pos);
        return false;
      }
      if (!refreshed(state, id, true, buf, pos, length, now, result)) {
        OptionsTemplateRecord record = OptionsTemplateRecord.read(buf, pos, end);
        Template t = Template.options(
            id, fields(record.fields()), record.scopeFieldCount(), false, announcement(buf, pos, length));
        store(t, state, now, result);
      }
      pos += length;
    }
    return true;
  }



  private static List<TemplateField> fields(List<FieldSpecifier> specifiers) {
    List<TemplateField> fields = new ArrayList<>(specifiers.size());
    for (FieldSpecifier f : specifiers) {
      fields.add(f.toTemplateField());
    }
    return fields;
  }
}

package io.flowlens.decoders.ipfix;

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
 * Decodes IPFIX messages (RFC 7011) carried over UDP.
 *
 * <p>Sets are walked by their length within the message length. The message is walked three
 * times: (options) template sets first, so a data set placed before its template decodes; then
 * options data, so that sampling rates and the system init time announced in the message apply to
 * its flows; then flow data. A set whose length or content cannot be trusted ends the message;
 * what was decoded before it stays. Data whose template is unknown is counted, one
 * {@link DropReason#TEMPLATE_MISSING} per set, and never guessed.
 *
 * <p>The sequence increment reported is the number of data records decoded, flow and options
 * records alike, as the exporter counts them (RFC 7011 section 3.1). Records of sets without a
 * template, or after a malformed set, cannot be counted: the increment is then reported as not
 * known, so that a loss tracker resynchronises instead of counting them lost.
 */
public final class IpfixDecoder implements DatagramDecoder {
  private final TemplateCache templates;

  public IpfixDecoder(TemplateCache templates) {
    this.templates = templates;
  }

  @Override
  public DecodeResult decode(ByteBuf datagram, ExportSource source) {
    DecodeResult result = new DecodeResult().protocol(Protocol.IPFIX);
    ByteBuf buf = datagram.slice(datagram.readerIndex(), datagram.readableBytes());
    int available = buf.readableBytes();
    if (available < MessageHeader.SIZE) {
      result.malformed("truncated message header: " + available + " bytes", 0);
      return result;
    }
    MessageHeader header = MessageHeader.read(buf, 0);
    if (header.version() != MessageHeader.VERSION) {
      result.drop(DropReason.UNSUPPORTED_VERSION, 1);
      return result;
    }
    if (header.length() < MessageHeader.SIZE || header.length() > available) {
      result.malformed("message length " + header.length() + " does not fit the " + available + "-byte datagram", 2);
      return result;
    }
    int end = header.length();
    long domainId = header.observationDomainId();
    long now = source.receivedAtMillis();
    byte[] exporter = source.address().clone();
    DomainState state = templates.find(exporter, MessageHeader.VERSION, domainId);

    // Pass 1: validate every set header, learn and withdraw templates.
    int validEnd = end;
    int pos = MessageHeader.SIZE;
    while (pos < end) {
      int remaining = end - pos;
      int length = remaining >= SetHeader.SIZE ? buf.getUnsignedShort(pos + 2) : 0;
      if (length < SetHeader.SIZE) {
        if (!Padding.isZero(buf, pos, end)) {
          result.malformed("set length " + length + " is less than " + SetHeader.SIZE, pos);
        }
        validEnd = pos;
        break;
      }
      if (length > remaining) {
        result.malformed("set length " + length + " exceeds the " + remaining + " bytes left", pos);
        validEnd = pos;
        break;
      }
      int id = buf.getUnsignedShort(pos);
      if (id == SetHeader.TEMPLATE || id == SetHeader.OPTIONS_TEMPLATE) {
        if (state == null) {
          state = templates.findOrCreate(exporter, MessageHeader.VERSION, domainId, now);
        }
        boolean ok = id == SetHeader.TEMPLATE
            ? readTemplates(buf, pos + SetHeader.SIZE, pos + length, state, now, result)
            : readOptionsTemplates(buf, pos + SetHeader.SIZE, pos + length, state, now, result);
        if (!ok) {
          validEnd = pos;
          break;
        }
      }
      pos += length;
    }
    if (state == null) {
      for (pos = MessageHeader.SIZE; pos < validEnd; pos += buf.getUnsignedShort(pos + 2)) {
        if (buf.getUnsignedShort(pos) >= SetHeader.MIN_DATA) {
          result.drop(DropReason.TEMPLATE_MISSING, 1);
        }
      }
      result.sequence(domainId, header.sequenceNumber(), 0, allCounted(result));
      return result;
    }
    RecordContext ctx = new RecordContext(FlowType.IPFIX, now, exporter, domainId, header.sequenceNumber(),
        RecordContext.SYSTEM_INIT_TIME, header.exportTime() * 1000, state, result);

    // Passes 2 and 3: options data (sampling rates, system init time), then flow data.
    DataSetDecoder.decode(buf, MessageHeader.SIZE, validEnd, ctx);
    result.sequence(domainId, header.sequenceNumber(), ctx.dataRecords(), allCounted(result));
    return result;
  }

  /** False when data records went uncounted: in sets without template, or after a malformed set. */
  private static boolean allCounted(DecodeResult result) {
    return result.dropped(DropReason.TEMPLATE_MISSING) == 0 && result.dropped(DropReason.MALFORMED) == 0;
  }

  private static boolean readTemplates(ByteBuf buf, int pos, int end, DomainState state, long now, DecodeResult result) {
    while (end - pos >= TemplateRecord.SIZE) {
      int id = buf.getUnsignedShort(pos);
      int count = buf.getUnsignedShort(pos + 2);
      if (id == SetHeader.TEMPLATE && count == 0) {
        if (state != null) {
          state.withdrawAll(false);
        }
        result.addTemplateRecords(1);
        pos += TemplateRecord.SIZE;
        continue;
      }
      if (id < SetHeader.MIN_DATA) {
        if (Padding.isZero(buf, pos, end)) {
          return true;
        }
        result.malformed("template id " + id + " is below 256", pos);
        return false;
      }
      int length = TemplateRecord.wireLength(buf, pos, end);
      if (length < 0) {
        result.malformed("template " + id + " field specifiers overrun the set", pos);
        return false;
      }
      if (refreshed(state, id, false, buf, pos, length, now, result)) {
        pos += length;
        continue;
      }
      TemplateRecord record = TemplateRecord.read(buf, pos, end);
      if (record.isWithdrawal()) {
        if (state != null) {
          state.withdraw(id);
        }
        result.addTemplateRecords(1);
      } else {
        store(Template.data(id, fields(record.fields()), announcement(buf, pos, length)), state, now, result);
      }
      pos += length;
    }
    return true;
  }

  private static boolean readOptionsTemplates(
      ByteBuf buf, int pos, int end, DomainState state, long now, DecodeResult result) {
    while (end - pos >= OptionsTemplateRecord.WITHDRAWAL_SIZE) {
      int id = buf.getUnsignedShort(pos);
      int count = buf.getUnsignedShort(pos + 2);
      if (id == SetHeader.OPTIONS_TEMPLATE && count == 0) {
        if (state != null) {
          state.withdrawAll(true);
        }
        result.addTemplateRecords(1);
        pos += OptionsTemplateRecord.WITHDRAWAL_SIZE;
        continue;
      }
      if (id < SetHeader.MIN_DATA) {
        if (Padding.isZero(buf, pos, end)) {
          return true;
        }
        result.malformed("options template id " + id + " is below 256", pos);
        return false;
      }
      int length = OptionsTemplateRecord.wireLength(buf, pos, end);
      if (length < 0) {
        result.malformed("options template " + id + " scope or field specifiers overrun the set", pos);
        return false;
      }
      if (refreshed(state, id, true, buf, pos, length, now, result)) {
        pos += length;
        continue;
      }
      OptionsTemplateRecord record = OptionsTemplateRecord.read(buf, pos, end);
      if (record.isWithdrawal()) {
        if (state != null) {
          state.withdraw(id);
        }
        result.addTemplateRecords(1);
      } else {
        Template t = Template.options(
            id, fields(record.fields()), record.scopeFieldCount(), true, announcement(buf, pos, length));
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

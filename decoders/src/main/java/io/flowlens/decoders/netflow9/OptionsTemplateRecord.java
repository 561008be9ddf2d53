package io.flowlens.decoders.netflow9;

import io.flowlens.decoders.template.Template;
import io.flowlens.decoders.template.TemplateField;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * An options template record in an options template FlowSet (RFC 3954 section 6.1). Unlike the
 * template record, the scope and option sections are given by their length in bytes, each a
 * multiple of a {@link FieldSpecifier}'s size. Scope field types (1 System, 2 Interface, 3 Line
 * Card, 4 Cache, 5 Template) are their own numbering, not element ids.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Template ID           |      Option Scope Length      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        Option Length          |       Scope 1 Field Type      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Scope 1 Field Length      |               ...             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Option 1 Field Type       |     Option 1 Field Length     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |             ...               |             ...               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record OptionsTemplateRecord(int templateId, int scopeFieldCount, List<FieldSpecifier> fields) {
  /** Size of the record header (template ID, option scope length, option length). */
  public static final int SIZE = 6;

  public int wireLength() {
    return SIZE + fields.size() * FieldSpecifier.SIZE;
  }

  /**
   * Bytes the options template record at {@code offset} takes, or -1 when its scope and option
   * lengths are not multiples of a field specifier or run past {@code end}; reads only its header.
   * The caller has checked that {@link #SIZE} bytes remain.
   */
  public static int wireLength(ByteBuf buf, int offset, int end) {
    int scopeLength = buf.getUnsignedShort(offset + 2);
    int optionLength = buf.getUnsignedShort(offset + 4);
    if (scopeLength % FieldSpecifier.SIZE != 0
        || optionLength % FieldSpecifier.SIZE != 0
        || scopeLength + optionLength > end - offset - SIZE) {
      return -1;
    }
    return SIZE + scopeLength + optionLength;
  }

  /**
   * Reads an options template record at {@code offset}, or returns null when the scope and option
   * lengths are not multiples of a field specifier or run past {@code end}; the caller has checked
   * that {@link #SIZE} bytes remain.
   */
  public static OptionsTemplateRecord read(ByteBuf buf, int offset, int end) {
    int id = buf.getUnsignedShort(offset);
    int scopeLength = buf.getUnsignedShort(offset + 2);
    int optionLength = buf.getUnsignedShort(offset + 4);
    if (wireLength(buf, offset, end) < 0) {
      return null;
    }
    int count = (scopeLength + optionLength) / FieldSpecifier.SIZE;
    List<FieldSpecifier> fields = FieldSpecifier.readAll(buf, offset + SIZE, count);
    return new OptionsTemplateRecord(id, scopeLength / FieldSpecifier.SIZE, fields);
  }

  /** The template this record announces; {@code announcement} is its bytes after the template id. */
  Template template(byte[] announcement) {
    // Scope field types are v9's own numbering (1 System, 2 Interface...), not element ids.
    return Template.options(
        templateId, TemplateField.of(fields, FieldSpecifier::toTemplateField), scopeFieldCount, false, announcement);
  }
}

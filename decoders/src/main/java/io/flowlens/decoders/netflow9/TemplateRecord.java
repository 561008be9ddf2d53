package io.flowlens.decoders.netflow9;

import io.flowlens.decoders.template.Template;
import io.flowlens.decoders.template.TemplateField;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * A template record in a template FlowSet (RFC 3954 section 5.2): the template ID (256 and above),
 * the field count, then that many {@link FieldSpecifier}s.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      Template ID 256          |         Field Count           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        Field Type 1           |         Field Length 1        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |             ...               |              ...              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record TemplateRecord(int templateId, List<FieldSpecifier> fields) {
  /** Size of the record header (template ID and field count). */
  public static final int SIZE = 4;

  /** Bytes the record takes on the wire. */
  public int wireLength() {
    return SIZE + fields.size() * FieldSpecifier.SIZE;
  }

  /**
   * Bytes the template record at {@code offset} takes, or -1 when its field count runs past
   * {@code end}; reads only its header. The caller has checked that {@link #SIZE} bytes remain.
   */
  public static int wireLength(ByteBuf buf, int offset, int end) {
    int count = buf.getUnsignedShort(offset + 2);
    return (long) count * FieldSpecifier.SIZE > end - offset - SIZE ? -1 : SIZE + count * FieldSpecifier.SIZE;
  }

  /**
   * Reads a template record at {@code offset}, or returns null when its field count runs past
   * {@code end}; the caller has checked that {@link #SIZE} bytes remain.
   */
  public static TemplateRecord read(ByteBuf buf, int offset, int end) {
    int id = buf.getUnsignedShort(offset);
    int count = buf.getUnsignedShort(offset + 2);
    if (wireLength(buf, offset, end) < 0) {
      return null;
    }
    return new TemplateRecord(id, FieldSpecifier.readAll(buf, offset + SIZE, count));
  }

  /** The template this record announces; {@code announcement} is its bytes after the template id. */
  Template template(byte[] announcement) {
    return Template.data(templateId, TemplateField.of(fields, FieldSpecifier::toTemplateField), announcement);
  }
}

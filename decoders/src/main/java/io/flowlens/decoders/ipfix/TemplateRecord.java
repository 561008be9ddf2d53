package io.flowlens.decoders.ipfix;

import io.flowlens.decoders.template.Template;
import io.flowlens.decoders.template.TemplateField;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * A Template Record (RFC 7011 section 3.4.1): its header, then Field Count
 * {@link FieldSpecifier}s of 4 or 8 bytes each. A Field Count of 0 is a Template Withdrawal
 * (section 8.1); Template ID 2 with Field Count 0 withdraws all templates of the domain.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      Template ID (> 255)      |         Field Count           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record TemplateRecord(int templateId, List<FieldSpecifier> fields) {
  /** Size of the record header. */
  public static final int SIZE = 4;

  /** Bytes the record takes on the wire: the header alone for a withdrawal. */
  public int wireLength() {
    int length = SIZE;
    for (FieldSpecifier f : fields) {
      length += f.wireLength();
    }
    return length;
  }

  /**
   * Bytes the template record at {@code offset} takes, or -1 when a field specifier runs past
   * {@code end}; allocates nothing. The caller has checked that {@link #SIZE} bytes remain.
   */
  public static int wireLength(ByteBuf buf, int offset, int end) {
    int fields = FieldSpecifier.wireLength(buf, offset + SIZE, end, buf.getUnsignedShort(offset + 2));
    return fields < 0 ? -1 : SIZE + fields;
  }

  /**
   * Reads a template record at {@code offset}, or returns null when a field specifier runs past
   * {@code end}; the caller has checked that {@link #SIZE} bytes remain.
   */
  public static TemplateRecord read(ByteBuf buf, int offset, int end) {
    int count = buf.getUnsignedShort(offset + 2);
    List<FieldSpecifier> fields = FieldSpecifier.readAll(buf, offset + SIZE, end, count);
    if (fields == null) {
      return null;
    }
    return new TemplateRecord(buf.getUnsignedShort(offset), fields);
  }

  /** The template this record announces; {@code announcement} is its bytes after the template id. */
  Template template(byte[] announcement) {
    return Template.data(templateId, TemplateField.of(fields, FieldSpecifier::toTemplateField), announcement);
  }
}

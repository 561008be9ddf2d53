package io.flowlens.decoders.netflow9;

import io.flowlens.decoders.template.TemplateField;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * One field of a NetFlow v9 template (RFC 3954 section 5.2): a field type (the element numbers
 * IPFIX later adopted) and its length in bytes. A length of 0 is valid: the field is absent.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        Field Type             |         Field Length          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record FieldSpecifier(int type, int length) {
  public static final int SIZE = 4;

  public static FieldSpecifier read(ByteBuf buf, int offset) {
    return new FieldSpecifier(buf.getUnsignedShort(offset), buf.getUnsignedShort(offset + 2));
  }

  /** Reads {@code count} field specifiers from {@code offset}; the caller has checked that they fit. */
  static List<FieldSpecifier> readAll(ByteBuf buf, int offset, int count) {
    List<FieldSpecifier> fields = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      fields.add(read(buf, offset + i * SIZE));
    }
    return fields;
  }

  public TemplateField toTemplateField() {
    return new TemplateField(type, length, 0);
  }
}

package io.flowlens.decoders.ipfix;

import io.flowlens.decoders.template.InformationElement;
import io.flowlens.decoders.template.TemplateField;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * One Field Specifier of an IPFIX template (RFC 7011 section 3.2). When the enterprise bit (E) is
 * set, a 4-byte Enterprise Number follows and the element is vendor-specific: it is skipped by its
 * length. A Field Length of 65535 marks a variable-length field, whose length prefixes each value
 * in the data records (1 byte, or 255 and then 2 bytes).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |E|  Information Element ident. |        Field Length           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      Enterprise Number                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record FieldSpecifier(int elementId, int length, long enterpriseNumber) {
  /** Size without the enterprise number. */
  public static final int SIZE = 4;
  /** Size with the enterprise number. */
  public static final int ENTERPRISE_SIZE = 8;

  public boolean isEnterprise() {
    return enterpriseNumber != 0;
  }

  public boolean isVariableLength() {
    return length == InformationElement.VARIABLE_LENGTH;
  }

  public int wireLength() {
    return isEnterprise() ? ENTERPRISE_SIZE : SIZE;
  }

  /** Bytes the field specifier at {@code offset} takes (4 or 8), or -1 when it runs past {@code end}. */
  public static int wireLength(ByteBuf buf, int offset, int end) {
    if (end - offset < SIZE) {
      return -1;
    }
    int size = (buf.getUnsignedShort(offset) & 0x8000) == 0 ? SIZE : ENTERPRISE_SIZE;
    return end - offset < size ? -1 : size;
  }

  /** Reads a field specifier at {@code offset}, or returns null when it runs past {@code end}. */
  public static FieldSpecifier read(ByteBuf buf, int offset, int end) {
    if (end - offset < SIZE) {
      return null;
    }
    int id = buf.getUnsignedShort(offset);
    int length = buf.getUnsignedShort(offset + 2);
    if ((id & 0x8000) == 0) {
      return new FieldSpecifier(id, length, 0);
    }
    if (end - offset < ENTERPRISE_SIZE) {
      return null;
    }
    long enterprise = buf.getUnsignedInt(offset + 4);
    // Enterprise 0 with the E bit would read back as an IANA element: keep it vendor-specific.
    return new FieldSpecifier(id & 0x7FFF, length, enterprise == 0 ? 0xFFFFFFFFL : enterprise);
  }

  /**
   * Bytes the {@code count} field specifiers from {@code offset} take, or -1 when one runs past
   * {@code end}; allocates nothing.
   */
  static int wireLength(ByteBuf buf, int offset, int end, int count) {
    int pos = offset;
    for (int i = 0; i < count; i++) {
      int length = wireLength(buf, pos, end);
      if (length < 0) {
        return -1;
      }
      pos += length;
    }
    return pos - offset;
  }

  /** Reads {@code count} field specifiers from {@code offset}, or returns null when one runs past {@code end}. */
  static List<FieldSpecifier> readAll(ByteBuf buf, int offset, int end, int count) {
    // Each specifier takes at least 4 bytes: refuse a count the set cannot back before allocating.
    if ((long) count * SIZE > end - offset) {
      return null;
    }
    List<FieldSpecifier> fields = new ArrayList<>(count);
    int pos = offset;
    for (int i = 0; i < count; i++) {
      FieldSpecifier f = read(buf, pos, end);
      if (f == null) {
        return null;
      }
      fields.add(f);
      pos += f.wireLength();
    }
    return fields;
  }

  public TemplateField toTemplateField() {
    return new TemplateField(elementId, length, enterpriseNumber);
  }
}

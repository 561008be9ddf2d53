package io.flowlens.decoders.ipfix;

import io.flowlens.decoders.template.Template;
import io.flowlens.decoders.template.TemplateField;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * An Options Template Record (RFC 7011 section 3.4.2.2): the first Scope Field Count of its Field
 * Count specifiers are scope fields (information elements, such as selectorId), the rest option
 * fields. A Field Count of 0 is a withdrawal, and then the record is only 4 bytes (section 8.1);
 * Template ID 3 with Field Count 0 withdraws all options templates of the domain.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Template ID (> 255)   |         Field Count           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      Scope Field Count        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record OptionsTemplateRecord(int templateId, int scopeFieldCount, List<FieldSpecifier> fields) {
  /** Size of the record header (with the Scope Field Count). */
  public static final int SIZE = 6;
  /** Size of a withdrawal, which has no Scope Field Count. */
  public static final int WITHDRAWAL_SIZE = 4;

  /** Bytes the record takes on the wire: {@link #WITHDRAWAL_SIZE} for a withdrawal. */
  public int wireLength() {
    if (fields.isEmpty()) {
      return WITHDRAWAL_SIZE;
    }
    int length = SIZE;
    for (FieldSpecifier f : fields) {
      length += f.wireLength();
    }
    return length;
  }

  /**
   * Bytes the options template record at {@code offset} takes, or -1 when it is inconsistent or runs
   * past {@code end} (as {@link #read} decides); allocates nothing. The caller has checked that
   * {@link #WITHDRAWAL_SIZE} bytes remain.
   */
  public static int wireLength(ByteBuf buf, int offset, int end) {
    int count = buf.getUnsignedShort(offset + 2);
    if (count == 0) {
      return WITHDRAWAL_SIZE;
    }
    if (!scopeFits(buf, offset, end, count)) {
      return -1;
    }
    int fields = FieldSpecifier.wireLength(buf, offset + SIZE, end, count);
    return fields < 0 ? -1 : SIZE + fields;
  }

  /**
   * Reads an options template record at {@code offset}, or returns null when it is inconsistent (a
   * scope field count of 0 or above the field count) or runs past {@code end}; the caller has
   * checked that {@link #WITHDRAWAL_SIZE} bytes remain.
   */
  public static OptionsTemplateRecord read(ByteBuf buf, int offset, int end) {
    int id = buf.getUnsignedShort(offset);
    int count = buf.getUnsignedShort(offset + 2);
    if (count == 0) {
      return new OptionsTemplateRecord(id, 0, List.of());
    }
    if (!scopeFits(buf, offset, end, count)) {
      return null;
    }
    List<FieldSpecifier> fields = FieldSpecifier.readAll(buf, offset + SIZE, end, count);
    if (fields == null) {
      return null;
    }
    return new OptionsTemplateRecord(id, buf.getUnsignedShort(offset + 4), fields);
  }

  /** True when the record holds its Scope Field Count, and that is 1 to {@code count}. */
  private static boolean scopeFits(ByteBuf buf, int offset, int end, int count) {
    if (end - offset < SIZE) {
      return false;
    }
    int scopeCount = buf.getUnsignedShort(offset + 4);
    return scopeCount != 0 && scopeCount <= count;
  }

  /** The template this record announces; {@code announcement} is its bytes after the template id. */
  Template template(byte[] announcement) {
    // Scope fields are information elements here: selectorId may be one.
    return Template.options(
        templateId, TemplateField.of(fields, FieldSpecifier::toTemplateField), scopeFieldCount, true, announcement);
  }
}

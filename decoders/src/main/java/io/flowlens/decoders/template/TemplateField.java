package io.flowlens.decoders.template;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One field of a template as announced on the wire: information element id (without the
 * enterprise bit), length in bytes ({@link InformationElement#VARIABLE_LENGTH} for IPFIX
 * variable-length fields) and enterprise number (0 for IANA elements).
 */
public record TemplateField(int elementId, int length, long enterpriseNumber) {
  /** The fields of a template record's field specifiers (a protocol's own type), in wire order. */
  public static <S> List<TemplateField> of(List<S> specifiers, Function<? super S, TemplateField> field) {
    List<TemplateField> fields = new ArrayList<>(specifiers.size());
    for (S s : specifiers) {
      fields.add(field.apply(s));
    }
    return fields;
  }
}

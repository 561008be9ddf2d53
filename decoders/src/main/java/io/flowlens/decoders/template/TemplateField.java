package io.flowlens.decoders.template;

/**
 * One field of a template as announced on the wire: information element id (without the
 * enterprise bit), length in bytes ({@link InformationElement#VARIABLE_LENGTH} for IPFIX
 * variable-length fields) and enterprise number (0 for IANA elements).
 */
public record TemplateField(int elementId, int length, long enterpriseNumber) {}

package io.flowlens.decoders.template;

import io.netty.buffer.ByteBuf;

/**
 * How one protocol writes the records of one kind of template set: NetFlow v9's template and
 * options template FlowSets (RFC 3954), IPFIX's Template and Options Template Sets (RFC 7011).
 * They differ in set ids, record layouts (an options template's scope is a field count in IPFIX, a
 * length in bytes in v9) and withdrawals (IPFIX only); {@link TemplateAnnouncements} walks the
 * records of all four alike.
 *
 * @param setId the id of the sets that hold these records
 * @param options true for options template records
 * @param minRecordSize the fewest bytes a record takes: fewer left in the set are padding
 * @param withdraws true when a record with a field count of 0 withdraws its template id, or with the
 *     set's own id every template of this kind (IPFIX); false when the protocol has no withdrawal
 * @param overrun why {@code length} refused a record, after the template id in the malformed description
 * @param length the bytes a record takes
 * @param compiler the template a record announces
 */
public record TemplateSetFormat(
    int setId,
    boolean options,
    int minRecordSize,
    boolean withdraws,
    String overrun,
    RecordLength length,
    RecordCompiler compiler) {
  /** The bytes of a record. */
  @FunctionalInterface
  public interface RecordLength {
    /**
     * Bytes the record at {@code pos} takes, or -1 when it is inconsistent or runs past {@code end};
     * allocates nothing. At least {@code minRecordSize} bytes remain.
     */
    int of(ByteBuf buf, int pos, int end);
  }

  /** The template of a record. */
  @FunctionalInterface
  public interface RecordCompiler {
    /**
     * Reads and compiles the record in {@code [pos, end)}: {@code end} is where {@code length} said
     * the record ends, so the record fits and nothing after it is read.
     *
     * @param announcement the record's bytes after its template id, which a resend repeats
     */
    Template compile(ByteBuf buf, int pos, int end, byte[] announcement);
  }
}

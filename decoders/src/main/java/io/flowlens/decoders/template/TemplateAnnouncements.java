package io.flowlens.decoders.template;

import io.flowlens.decoders.DecodeResult;
import io.flowlens.decoders.DropReason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * What NetFlow v9 and IPFIX do alike with the (options) template records a datagram announces:
 * refresh a template resent unchanged, store a new or changed one, withdraw one (IPFIX), counting
 * each as a template record (or a refused one as {@link DropReason#TEMPLATE_LIMIT}).
 */
final class TemplateAnnouncements {
  /** A withdrawal: a template id and a field count of 0. */
  private static final int WITHDRAWAL_SIZE = 4;

  private TemplateAnnouncements() {}

  /**
   * Reads the records of one template set, {@code [pos, end)} after its set header, into the
   * domain state (null when the cache refused to create one: every template is then counted as
   * {@link DropReason#TEMPLATE_LIMIT}); false, counted as malformed, when a record cannot be trusted.
   */
  static boolean readSet(
      ByteBuf buf, int pos, int end, TemplateSetFormat format, DomainState state, long now, DecodeResult result) {
    boolean options = format.options();
    while (end - pos >= format.minRecordSize()) {
      int id = buf.getUnsignedShort(pos);
      boolean withdrawal = format.withdraws() && buf.getUnsignedShort(pos + 2) == 0;
      if (withdrawal && id == format.setId()) {
        if (state != null) {
          state.withdrawAll(options);
        }
        result.addTemplateRecords(1);
        pos += WITHDRAWAL_SIZE;
        continue;
      }
      if (id < SetWalker.MIN_DATA_SET_ID) {
        if (Padding.isZero(buf, pos, end)) {
          return true;
        }
        result.malformed(name(options) + " id " + id + " is below 256", pos);
        return false;
      }
      if (withdrawal) {
        if (state != null) {
          state.withdraw(id);
        }
        result.addTemplateRecords(1);
        pos += WITHDRAWAL_SIZE;
        continue;
      }
      int length = format.length().of(buf, pos, end);
      if (length < 0) {
        result.malformed(name(options) + " " + id + " " + format.overrun(), pos);
        return false;
      }
      if (!refreshed(state, id, options, buf, pos, length, now, result)) {
        store(format.compiler().compile(buf, pos, pos + length, ByteBufUtil.getBytes(buf, pos + 2, length - 2)), state, now, result);
      }
      pos += length;
    }
    return true;
  }

  private static String name(boolean options) {
    return options ? "options template" : "template";
  }

  /**
   * Refreshes a known template resent unchanged (the common case: exporters resend every few
   * datagrams) without parsing and compiling it again; false when the record must be read.
   *
   * @param pos where the template record starts (its 2-byte template id)
   * @param length the template record's length, id included
   */
  private static boolean refreshed(
      DomainState state, int id, boolean options, ByteBuf buf, int pos, int length, long now, DecodeResult result) {
    if (state == null || !state.refreshIfUnchanged(id, options, buf, pos + 2, length - 2, now)) {
      return false;
    }
    result.addTemplateRecords(1);
    return true;
  }

  /** Stores a compiled template, or counts it refused by the limits. */
  private static void store(Template template, DomainState state, long now, DecodeResult result) {
    if (state == null || state.putTemplate(template, now) == DomainState.PutResult.LIMIT) {
      result.drop(DropReason.TEMPLATE_LIMIT, 1);
    } else {
      result.addTemplateRecords(1);
    }
  }
}

package io.flowlens.decoders.template;

import io.flowlens.decoders.DecodeResult;
import io.flowlens.decoders.DropReason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * What NetFlow v9 and IPFIX do alike with a (options) template record that a datagram announces:
 * refresh it when it was resent unchanged, or store the compiled template, counting either as a
 * template record (or the refusal as {@link DropReason#TEMPLATE_LIMIT}).
 */
public final class TemplateAnnouncements {
  private TemplateAnnouncements() {}

  /**
   * Refreshes a known template resent unchanged (the common case: exporters resend every few
   * datagrams) without parsing and compiling it again; false when the record must be read.
   *
   * @param pos where the template record starts (its 2-byte template id)
   * @param length the template record's length, id included
   */
  public static boolean refreshed(
      DomainState state, int id, boolean options, ByteBuf buf, int pos, int length, long now, DecodeResult result) {
    if (state == null || !state.refreshIfUnchanged(id, options, buf, pos + 2, length - 2, now)) {
      return false;
    }
    result.addTemplateRecords(1);
    return true;
  }

  /** The record's bytes after its template id, which a resend repeats. */
  public static byte[] announcement(ByteBuf buf, int pos, int length) {
    return ByteBufUtil.getBytes(buf, pos + 2, length - 2);
  }

  /** Stores a compiled template, or counts it refused by the limits. */
  public static void store(Template template, DomainState state, long now, DecodeResult result) {
    if (state == null || state.putTemplate(template, now) == DomainState.PutResult.LIMIT) {
      result.drop(DropReason.TEMPLATE_LIMIT, 1);
    } else {
      result.addTemplateRecords(1);
    }
  }
}

package io.flowlens.decoders.template;

import io.netty.buffer.ByteBuf;

/** Recognises padding: bytes an exporter left zero after the last set or record. */
public final class Padding {
  private Padding() {}

  /** True when every byte in {@code [from, to)} is zero. */
  public static boolean isZero(ByteBuf buf, int from, int to) {
    for (int i = from; i < to; i++) {
      if (buf.getByte(i) != 0) {
        return false;
      }
    }
    return true;
  }
}

package io.flowlens.decoders.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes big-endian wire structures for handcrafted test datagrams. {@link #lengthFrom(int)} writes
 * a 2-byte length placeholder that {@link #close()} patches with the length of everything from the
 * structure's start to the point of closing.
 */
public final class WireWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final Deque<int[]> open = new ArrayDeque<>();

  public WireWriter u8(int v) {
    out.write(v);
    return this;
  }

  public WireWriter u16(int v) {
    return u8(v >>> 8).u8(v);
  }

  public WireWriter u32(long v) {
    return u16((int) (v >>> 16)).u16((int) v);
  }

  public WireWriter u64(long v) {
    return u32(v >>> 32).u32(v);
  }

  public WireWriter bytes(int... values) {
    for (int v : values) {
      u8(v);
    }
    return this;
  }

  public WireWriter zeros(int n) {
    for (int i = 0; i < n; i++) {
      u8(0);
    }
    return this;
  }

  /**
   * Writes a 2-byte length placeholder for a structure that started {@code bytesBeforeLengthField}
   * bytes before it.
   */
  public WireWriter lengthFrom(int bytesBeforeLengthField) {
    open.push(new int[] {out.size() - bytesBeforeLengthField, out.size()});
    return u16(0);
  }

  /** Patches the innermost open length with the bytes written since its start. */
  public WireWriter close() {
    int[] o = open.pop();
    int length = out.size() - o[0];
    byte[] all = content();
    all[o[1]] = (byte) (length >>> 8);
    all[o[1] + 1] = (byte) length;
    out.reset();
    out.writeBytes(all);
    return this;
  }

  public int size() {
    return out.size();
  }

  public byte[] content() {
    return out.toByteArray();
  }

  public ByteBuf buf() {
    return Unpooled.wrappedBuffer(content());
  }
}

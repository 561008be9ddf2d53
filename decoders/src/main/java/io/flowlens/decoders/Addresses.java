package io.flowlens.decoders;

import java.nio.ByteBuffer;

/**
 * Raw 4- or 16-byte addresses: the shared empty value and IPv4-mapped unmapping. Their text is
 * {@link io.flowlens.schema.AddressText}'s.
 */
public final class Addresses {
  /**
   * The value of every address field a flow record does not have: one shared buffer, read-only and
   * of capacity 0, so no decoder allocates for an absent address and no reader can change it.
   */
  public static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

  private Addresses() {}

  /** The 4-byte form of an IPv4-mapped IPv6 address (::ffff:a.b.c.d); any other address unchanged. */
  public static byte[] unmapIpv4(byte[] address) {
    if (address.length != 16) {
      return address;
    }
    for (int i = 0; i < 10; i++) {
      if (address[i] != 0) {
        return address;
      }
    }
    if (address[10] != (byte) 0xff || address[11] != (byte) 0xff) {
      return address;
    }
    return new byte[] {address[12], address[13], address[14], address[15]};
  }
}

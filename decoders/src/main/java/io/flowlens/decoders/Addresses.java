package io.flowlens.decoders;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/** Conversions of raw 4- or 16-byte addresses. */
public final class Addresses {
  /**
   * The value of every address field a flow record does not have: one shared buffer, read-only and
   * of capacity 0, so no decoder allocates for an absent address and no reader can change it.
   */
  public static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

  private Addresses() {}

  /** Text form of a 4- or 16-byte address ("192.0.2.1", "2001:db8::1"); "" for an empty one. */
  public static String format(byte[] address) {
    if (address.length == 0) {
      return "";
    }
    try {
      return InetAddress.getByAddress(address).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + address.length + " bytes", e);
    }
  }

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

package io.flowlens.aggregator.enrich;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address as the cache keys it: 128 bits, IPv4 in its IPv4-mapped IPv6 form so that 8.8.8.8 and
 * ::ffff:8.8.8.8 share one entry, plus the generation of the loaded databases so that an answer
 * computed from a reader that has just been replaced is never served after the swap.
 */
record AddressKey(long generation, long high, long low) {
  private static final long MAPPED_PREFIX = 0x0000_FFFFL << 32;

  /** The key of a 4- or 16-byte address; null for any other length. */
  static AddressKey of(byte[] address, long generation) {
    if (address == null) {
      return null;
    }
    if (address.length == 4) {
      return new AddressKey(generation, 0, MAPPED_PREFIX | (intAt(address, 0) & 0xFFFF_FFFFL));
    }
    if (address.length == 16) {
      return new AddressKey(generation, longAt(address, 0), longAt(address, 8));
    }
    return null;
  }

  boolean isIpv4() {
    return high == 0 && (low & 0xFFFF_FFFF_0000_0000L) == MAPPED_PREFIX;
  }

  /** The address for the readers: an Inet4Address for IPv4 and IPv4-mapped IPv6. Never resolves names. */
  InetAddress toInetAddress() {
    byte[] bytes;
    if (isIpv4()) {
      bytes = new byte[4];
      putInt(bytes, 0, (int) low);
    } else {
      bytes = new byte[16];
      putLong(bytes, 0, high);
      putLong(bytes, 8, low);
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      // getByAddress throws only for lengths other than 4 and 16.
      throw new IllegalStateException(e);
    }
  }

  private static int intAt(byte[] b, int offset) {
    return (b[offset] & 0xFF) << 24 | (b[offset + 1] & 0xFF) << 16 | (b[offset + 2] & 0xFF) << 8 | (b[offset + 3] & 0xFF);
  }

  private static long longAt(byte[] b, int offset) {
    return (intAt(b, offset) & 0xFFFF_FFFFL) << 32 | (intAt(b, offset + 4) & 0xFFFF_FFFFL);
  }

  private static void putInt(byte[] b, int offset, int v) {
    b[offset] = (byte) (v >>> 24);
    b[offset + 1] = (byte) (v >>> 16);
    b[offset + 2] = (byte) (v >>> 8);
    b[offset + 3] = (byte) v;
  }

  private static void putLong(byte[] b, int offset, long v) {
    putInt(b, offset, (int) (v >>> 32));
    putInt(b, offset + 4, (int) v);
  }
}

package io.flowlens.configuration;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An address block such as {@code 192.0.2.0/24} or {@code 2001:db8::/32}; a bare address is a /32 or
 * /128. IPv4 blocks also match IPv4-mapped IPv6 addresses.
 */
public final class Cidr {
  private final byte[] network;
  private final int prefixLength;
  private final String text;

  private Cidr(byte[] network, int prefixLength, String text) {
    this.network = network;
    this.prefixLength = prefixLength;
    this.text = text;
  }

  /** Parses a block; throws IllegalArgumentException with the reason. No DNS look-ups. */
  public static Cidr parse(String text) {
    String s = text.strip();
    int slash = s.indexOf('/');
    String addressPart = slash < 0 ? s : s.substring(0, slash);
    if (addressPart.isEmpty() || !addressPart.matches("[0-9A-Fa-f:.]+")) {
      throw new IllegalArgumentException("'" + text + "' is not an address or CIDR block (192.0.2.0/24, 2001:db8::/32)");
    }
    byte[] address;
    try {
      address = InetAddress.getByName(addressPart).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + text + "' is not an address or CIDR block (192.0.2.0/24, 2001:db8::/32)");
    }
    int maxBits = address.length * 8;
    int prefix = maxBits;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(s.substring(slash + 1));
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > maxBits) {
        throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0.." + maxBits);
      }
    }
    return new Cidr(mask(address, prefix), prefix, s);
  }

  /**
   * True when {@code address} (4 or 16 bytes) lies in this block. Compares in place, without
   * allocating: it runs for every datagram (allow-list, sampling overrides).
   */
  public boolean contains(byte[] address) {
    int offset = 0;
    if (network.length == 4 && address.length == 16 && isMappedIpv4(address)) {
      offset = 12;
    } else if (address.length != network.length) {
      return false;
    }
    int wholeBytes = prefixLength / 8;
    for (int i = 0; i < wholeBytes; i++) {
      if (address[offset + i] != network[i]) {
        return false;
      }
    }
    int bits = prefixLength % 8;
    if (bits == 0) {
      return true;
    }
    int mask = (0xFF << (8 - bits)) & 0xFF;
    return (address[offset + wholeBytes] & mask) == (network[wholeBytes] & 0xFF);
  }

  public int prefixLength() {
    return prefixLength;
  }

  private static boolean isMappedIpv4(byte[] a) {
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
  }

  private static byte[] mask(byte[] address, int prefix) {
    byte[] out = address.clone();
    for (int bit = prefix; bit < out.length * 8; bit++) {
      out[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c && prefixLength == c.prefixLength && Arrays.equals(network, c.network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefixLength;
  }

  @Override
  public String toString() {
    return text;
  }
}

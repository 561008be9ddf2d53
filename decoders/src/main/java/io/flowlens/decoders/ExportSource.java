package io.flowlens.decoders;

import io.flowlens.schema.AddressText;
import java.util.Arrays;

/**
 * Where and when a datagram came from.
 *
 * @param address the exporter's address as the socket saw it, 4 bytes (IPv4) or 16 bytes (IPv6);
 *     IPv4-mapped IPv6 addresses are given as 4 bytes
 * @param port the exporter's UDP source port
 * @param receivedAtMillis Unix epoch milliseconds at which the datagram was received
 */
public record ExportSource(byte[] address, int port, long receivedAtMillis) {
  public ExportSource {
    if (address.length != 4 && address.length != 16) {
      throw new IllegalArgumentException("exporter address must be 4 or 16 bytes, not " + address.length);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExportSource s
        && port == s.port
        && receivedAtMillis == s.receivedAtMillis
        && Arrays.equals(address, s.address);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(address) + port) + Long.hashCode(receivedAtMillis);
  }

  @Override
  public String toString() {
    return "ExportSource[" + AddressText.format(address) + ":" + port + " at " + receivedAtMillis + "]";
  }
}

package io.flowlens.decoders.testing;

import io.flowlens.decoders.ExportSource;
import io.flowlens.schema.AddressText;

/** One UDP datagram read from a capture. Addresses are 4 or 16 bytes. */
public record UdpDatagram(
    long timestampMicros, byte[] srcAddress, int srcPort, byte[] dstAddress, int dstPort, byte[] payload) {

  /** The export source a listener would have seen for this datagram. */
  public ExportSource source() {
    return new ExportSource(srcAddress, srcPort, timestampMicros / 1000);
  }

  @Override
  public String toString() {
    return AddressText.format(srcAddress) + ":" + srcPort + " -> " + AddressText.format(dstAddress) + ":" + dstPort
        + " (" + payload.length + " bytes)";
  }
}

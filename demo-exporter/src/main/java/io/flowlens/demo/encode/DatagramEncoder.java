package io.flowlens.demo.encode;

import io.flowlens.demo.model.FlowSource;
import java.nio.ByteBuffer;

/**
 * Encodes flows into export datagrams of one protocol, for one simulated exporter. An encoder owns
 * the exporter's export state (sequence numbers, template schedule) and is not thread-safe; it
 * writes into a buffer the caller reuses and allocates nothing per record.
 */
public interface DatagramEncoder {
  /**
   * Encodes one datagram: clears {@code out}, writes the datagram from position 0 and flips the
   * buffer, so it is ready to send. Draws flows from {@code flows} until the datagram is full or
   * {@code maxFlows} are written; a drawn flow that no longer fits is kept for the next datagram.
   *
   * @param out a big-endian buffer with room for at least {@link #maxDatagramBytes()} bytes
   * @param maxFlows at most this many flow records (at least 1)
   * @param nowMillis Unix epoch milliseconds of the export
   * @return the number of flow records written (at least 1)
   */
  int encode(ByteBuffer out, FlowSource flows, int maxFlows, long nowMillis);

  /** The most flow records one datagram can carry (the smallest records, no templates). */
  int maxFlowsPerDatagram();

  /** The size no datagram exceeds. */
  int maxDatagramBytes();
}

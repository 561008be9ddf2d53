package io.flowlens.agent.listen;

import io.flowlens.agent.ListenerProtocol;
import io.flowlens.decoders.Protocol;

/**
 * One export datagram as a listener received it, copied out of the socket's receive buffer into an
 * array of exactly its size (so a queued datagram holds its own bytes, not a 64 KiB receive buffer).
 *
 * @param listener the protocol family of the listener that received it (selects the decoder)
 * @param protocol the protocol its version field names (metric label; {@link Protocol#UNKNOWN} when none)
 * @param payload the UDP payload
 * @param exporter the sender's address, 4 bytes (IPv4, including IPv4-mapped IPv6) or 16 bytes
 * @param port the sender's UDP port
 * @param receivedAtMillis Unix epoch milliseconds at reception
 * @param receivedAtNanos {@link System#nanoTime()} at reception, for the processing-time histogram
 */
public record ReceivedDatagram(ListenerProtocol listener, Protocol protocol, byte[] payload, byte[] exporter, int port,
    long receivedAtMillis, long receivedAtNanos) {}

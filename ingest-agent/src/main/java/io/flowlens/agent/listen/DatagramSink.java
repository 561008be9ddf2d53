package io.flowlens.agent.listen;

/** Where listeners hand datagrams: must never block (the caller is a Netty event loop). */
public interface DatagramSink {
  /** Takes the datagram, or drops and counts it when there is no room. */
  void accept(ReceivedDatagram datagram);
}

package io.flowlens.agent;

/**
 * What a listener expects on its port. A {@link #NETFLOW9} or {@link #IPFIX} listener decodes NetFlow
 * v5, v9 and IPFIX alike by the datagram's version field; the two names only say which default port
 * and which exporters the operator had in mind.
 */
public enum ListenerProtocol {
  NETFLOW9,
  IPFIX,
  SFLOW;

  /** True when datagrams are told apart by the NetFlow/IPFIX 2-byte version field. */
  public boolean isNetflowFamily() {
    return this != SFLOW;
  }
}

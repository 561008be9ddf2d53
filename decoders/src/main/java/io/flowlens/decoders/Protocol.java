package io.flowlens.decoders;

/** The export protocols, with the label value metrics use for each. */
public enum Protocol {
  NETFLOW_V5("netflow5"),
  NETFLOW_V9("netflow9"),
  IPFIX("ipfix"),
  SFLOW_V5("sflow"),
  /** A datagram whose version field names no protocol we decode. */
  UNKNOWN("unknown");

  private final String label;

  Protocol(String label) {
    this.label = label;
  }

  /** The value of the {@code protocol} label in metrics. */
  public String label() {
    return label;
  }
}

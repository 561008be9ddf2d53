package io.flowlens.aggregator.topology;

import java.util.Locale;

/** Why the aggregator skipped a record of the flow topic: the {@code reason} label of its drop counter. */
public enum DropReason {
  /** Not a FlowRecord the deserializer can read. */
  UNDECODABLE,
  /** No source or no destination address. */
  NO_ADDRESS,
  /** An address neither 4 nor 16 bytes long. */
  BAD_ADDRESS,
  /** Zero or negative bytes: nothing to count. */
  NO_BYTES,
  /** Negative packets or a negative sampling rate. */
  NEGATIVE_COUNTER,
  /** No usable time on the configured clock. */
  NO_TIMESTAMP;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}

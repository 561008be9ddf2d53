package io.flowlens.demo.encode;

import io.flowlens.demo.model.FlowSource;
import io.flowlens.demo.model.SyntheticFlow;

/**
 * The flows of one NetFlow v9 / IPFIX datagram, gathered before writing because IPv4 and IPv6
 * records go into separate data sets (one per template). Draws flows while they fit a byte budget;
 * the first flow that does not fit is carried over to the next datagram, so no flow is lost and
 * nothing is allocated.
 */
final class FlowBatch {
  private final SyntheticFlow[] slots;
  private final int ipv4RecordLength;
  private final int ipv6RecordLength;
  private final int setHeaderLength;
  private final TemplateDialect dialect;
  private int count;
  private boolean carried;
  private int ipv4Count;
  private int ipv6Count;

  /**
   * @param capacity the most flows one datagram can hold
   * @param dialect pads the data sets (4 bytes for NetFlow v9, none for IPFIX)
   */
  FlowBatch(int capacity, int ipv4RecordLength, int ipv6RecordLength, int setHeaderLength, TemplateDialect dialect) {
    this.slots = new SyntheticFlow[capacity + 1];
    for (int i = 0; i < slots.length; i++) {
      slots[i] = new SyntheticFlow();
    }
    this.ipv4RecordLength = ipv4RecordLength;
    this.ipv6RecordLength = ipv6RecordLength;
    this.setHeaderLength = setHeaderLength;
    this.dialect = dialect;
  }

  /** Gathers at most {@code maxFlows} flows whose data sets take at most {@code budget} bytes. */
  void fill(FlowSource source, int maxFlows, long nowMillis, int budget) {
    int previous = count;
    count = 0;
    ipv4Count = 0;
    ipv6Count = 0;
    boolean takeCarried = carried;
    carried = false;
    int limit = Math.min(maxFlows, slots.length - 1);
    while (count < limit) {
      SyntheticFlow slot = slots[count];
      if (takeCarried) {
        // The carried flow sits just after the previous batch; move it to the front.
        slots[count] = slots[previous];
        slots[previous] = slot;
        slot = slots[count];
        takeCarried = false;
      } else {
        source.next(slot, nowMillis);
      }
      int v4 = ipv4Count + (slot.ipv6 ? 0 : 1);
      int v6 = ipv6Count + (slot.ipv6 ? 1 : 0);
      if (bytes(v4, v6) > budget) {
        if (count == 0) {
          throw new IllegalStateException("a single flow record does not fit an empty datagram of " + budget + " bytes");
        }
        carried = true;
        return;
      }
      ipv4Count = v4;
      ipv6Count = v6;
      count++;
    }
  }

  /** The bytes the data sets of {@code v4} IPv4 and {@code v6} IPv6 records take, padding included. */
  int bytes(int v4, int v6) {
    return (v4 == 0 ? 0 : dialect.align(setHeaderLength + v4 * ipv4RecordLength))
        + (v6 == 0 ? 0 : dialect.align(setHeaderLength + v6 * ipv6RecordLength));
  }

  int count() {
    return count;
  }

  int ipv4Count() {
    return ipv4Count;
  }

  int ipv6Count() {
    return ipv6Count;
  }

  SyntheticFlow get(int i) {
    return slots[i];
  }
}

package io.flowlens.demo.model;

import java.util.List;

/**
 * The identity of one simulated router: what tells its exports apart at the collector.
 *
 * @param index 0-based position among the simulated routers
 * @param observationDomainId NetFlow v9 source id / IPFIX observation domain id
 * @param agentAddress the sFlow agent address (IPv4)
 * @param interfaces its interfaces: two uplinks, then the LANs
 */
public record RouterProfile(int index, long observationDomainId, byte[] agentAddress, List<RouterInterface> interfaces) {

  /** Router {@code index} of the demo: source id 101, 102, ..., two 10G uplinks and two LANs. */
  public static RouterProfile simulated(int index, byte[] agentAddress) {
    long macBase = 0x0200_0000_0000L | ((long) (index & 0xFF) << 16);
    return new RouterProfile(index, 101 + index, agentAddress.clone(), List.of(
        new RouterInterface(1, "uplink-a", true, 0, 10_000_000_000L, macBase | 0x0101),
        new RouterInterface(2, "uplink-b", true, 0, 10_000_000_000L, macBase | 0x0201),
        new RouterInterface(10, "lan-users", false, 10, 1_000_000_000L, macBase | 0x0A01),
        new RouterInterface(11, "lan-servers", false, 20, 1_000_000_000L, macBase | 0x0B01)));
  }

  /** The interface with this ifIndex, or null. */
  public RouterInterface byIndex(int ifIndex) {
    for (RouterInterface i : interfaces) {
      if (i.ifIndex() == ifIndex) {
        return i;
      }
    }
    return null;
  }
}

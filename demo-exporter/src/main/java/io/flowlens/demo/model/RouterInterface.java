package io.flowlens.demo.model;

/**
 * One interface of a simulated router.
 *
 * @param ifIndex the SNMP ifIndex exported as input/output interface
 * @param name a description, for logs and documentation
 * @param uplink whether it faces the Internet (WAN) rather than the local networks (LAN)
 * @param vlan the 802.1Q VLAN its frames carry, 0 when untagged
 * @param speedBitsPerSecond the nominal speed (sFlow counter samples)
 * @param mac the interface's own MAC address, 48 bits in the low bits
 */
public record RouterInterface(int ifIndex, String name, boolean uplink, int vlan, long speedBitsPerSecond, long mac) {}

package io.flowlens.aggregator.enrich;

/**
 * Enrichment of one address: the seam between the topology and the GeoIP readers. Implementations
 * are thread-safe, never block on I/O in the per-record path, and never throw: an address they
 * cannot place is {@link GeoInfo#UNKNOWN}.
 */
@FunctionalInterface
public interface AddressLookup {
  /** Looks up a 4-byte (IPv4) or 16-byte (IPv6) address. */
  GeoInfo lookup(byte[] address);

  /** No databases: every address unknown. */
  AddressLookup NONE = address -> GeoInfo.UNKNOWN;
}

package io.flowlens.aggregator.window;

import io.flowlens.aggregator.enrich.GeoInfo;

/**
 * A flow after cleaning, normalisation and enrichment: addresses are 4 bytes for IPv4 (IPv4-mapped
 * IPv6 included) or 16 for IPv6, bytes and packets are scaled by the sampling rate, and {@code timeMs}
 * is on the configured window clock.
 *
 * @param asn the exporter's AS numbers are used where the ASN database knows nothing
 */
public record NormalizedFlow(byte[] exporter, byte[] src, byte[] dst, int srcPort, int dstPort, int proto, long inIf,
    long outIf, int tos, String direction, long bytes, long packets, long timeMs, long receivedMs, GeoInfo srcGeo,
    GeoInfo dstGeo, long srcAsn, long dstAsn) {}

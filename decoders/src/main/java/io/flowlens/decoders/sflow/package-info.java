/**
 * sFlow v5 decoding: {@link io.flowlens.decoders.sflow.SflowDecoder} walks datagrams and samples,
 * a raw packet header parser reads the sampled headers in place.
 */
package io.flowlens.decoders.sflow;

package io.flowlens.decoders;

import io.netty.buffer.ByteBuf;

/**
 * Decodes one export datagram into flow records. A decoder is a pure function of the datagram and
 * the state it was given at construction (templates, sampling rates): no I/O, no logging, no
 * metrics. It never throws for bad input; what it could not use is reported in the result, by
 * reason, for the caller to count.
 *
 * <p>The datagram's reader index is not moved; the buffer is not released.
 */
public interface DatagramDecoder {
  DecodeResult decode(ByteBuf datagram, ExportSource source);
}

package io.flowlens.decoders;

import io.flowlens.decoders.ipfix.IpfixDecoder;
import io.flowlens.decoders.netflow5.NetflowV5Decoder;
import io.flowlens.decoders.netflow9.NetflowV9Decoder;
import io.flowlens.decoders.template.TemplateCache;
import io.netty.buffer.ByteBuf;

/**
 * The decoder of a NetFlow/IPFIX listener: dispatches on the 2-byte version that starts NetFlow v5
 * (5), v9 (9) and IPFIX (10) datagrams, so one port accepts all three. Any other version is counted
 * as {@link DropReason#UNSUPPORTED_VERSION}.
 */
public final class NetflowDecoder implements DatagramDecoder {
  private final NetflowV5Decoder v5 = new NetflowV5Decoder();
  private final NetflowV9Decoder v9;
  private final IpfixDecoder ipfix;

  public NetflowDecoder(TemplateCache templates) {
    this.v9 = new NetflowV9Decoder(templates);
    this.ipfix = new IpfixDecoder(templates);
  }

  @Override
  public DecodeResult decode(ByteBuf datagram, ExportSource source) {
    if (datagram.readableBytes() < 2) {
      DecodeResult result = new DecodeResult();
      result.malformed("datagram of " + datagram.readableBytes() + " bytes has no version", 0);
      return result;
    }
    return switch (datagram.getUnsignedShort(datagram.readerIndex())) {
      case 5 -> v5.decode(datagram, source);
      case 9 -> v9.decode(datagram, source);
      case 10 -> ipfix.decode(datagram, source);
      default -> {
        DecodeResult result = new DecodeResult();
        result.drop(DropReason.UNSUPPORTED_VERSION, 1);
        yield result;
      }
    };
  }
}

package io.flowlens.bench;

import io.flowlens.decoders.DatagramDecoder;
import io.flowlens.decoders.DecodeResult;
import io.flowlens.decoders.ExportSource;
import io.flowlens.decoders.testing.PcapReader;
import io.flowlens.decoders.testing.SharedTestdata;
import io.flowlens.decoders.testing.UdpDatagram;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A real exporter capture prepared for a decoder benchmark: every datagram is decoded once, in
 * order, so that the decoder's template cache holds the exporter's templates and options; the
 * datagrams that carry flow records are kept for the measured loop.
 */
final class ExportCapture {
  final ByteBuf[] datagrams;
  final ExportSource[] sources;
  final int records;

  /**
   * @param direct true to hold each datagram in a direct buffer, as Netty's datagram channels give
   *     them; false for a heap buffer
   */
  ExportCapture(String file, DatagramDecoder decoder, boolean direct) {
    List<UdpDatagram> all;
    try {
      all = PcapReader.read(SharedTestdata.dir()
          .orElseThrow(() -> new IllegalStateException(SharedTestdata.MISSING + " (set -Dflowlens.testdata)"))
          .resolve("captures/exporters").resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<ByteBuf> kept = new ArrayList<>();
    List<ExportSource> keptSources = new ArrayList<>();
    int total = 0;
    for (UdpDatagram d : all) {
      ByteBuf buf = direct
          ? Unpooled.directBuffer(d.payload().length).writeBytes(d.payload())
          : Unpooled.wrappedBuffer(d.payload());
      // The last datagram's time: templates must stay live for every measured decode.
      ExportSource source = all.get(all.size() - 1).source();
      DecodeResult r = decoder.decode(buf, source);
      if (!r.flows().isEmpty()) {
        kept.add(buf);
        keptSources.add(source);
        total += r.flows().size();
      } else {
        buf.release();
      }
    }
    this.datagrams = kept.toArray(ByteBuf[]::new);
    this.sources = keptSources.toArray(ExportSource[]::new);
    this.records = total;
  }

  /** Releases the kept datagrams (direct ones hold native memory). */
  void release() {
    for (ByteBuf b : datagrams) {
      b.release();
    }
  }
}

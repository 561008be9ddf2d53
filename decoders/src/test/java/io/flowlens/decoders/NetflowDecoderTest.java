package io.flowlens.decoders;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.decoders.template.TemplateCache;
import io.flowlens.decoders.testing.WireWriter;
import org.junit.jupiter.api.Test;

class NetflowDecoderTest {
  private static final ExportSource SOURCE = new ExportSource(new byte[] {(byte) 192, 0, 2, 1}, 2055, 1_000);
  private final NetflowDecoder decoder = new NetflowDecoder(new TemplateCache());

  @Test
  void shouldDispatchOnTheVersion() {
    assertThat(decoder.decode(new WireWriter().u16(5).zeros(22).buf(), SOURCE).protocol()).isEqualTo(Protocol.NETFLOW_V5);
    assertThat(decoder.decode(new WireWriter().u16(9).zeros(18).buf(), SOURCE).protocol()).isEqualTo(Protocol.NETFLOW_V9);
    assertThat(decoder.decode(new WireWriter().u16(10).u16(16).zeros(12).buf(), SOURCE).protocol()).isEqualTo(Protocol.IPFIX);
  }

  @Test
  void shouldCountAnUnknownVersion() {
    DecodeResult r = decoder.decode(new WireWriter().u16(7).zeros(30).buf(), SOURCE);
    assertThat(r.dropped(DropReason.UNSUPPORTED_VERSION)).isEqualTo(1);
    assertThat(r.flows()).isEmpty();
  }

  @Test
  void shouldCountADatagramTooShortForAVersion() {
    assertThat(decoder.decode(new WireWriter().u8(9).buf(), SOURCE).dropped(DropReason.MALFORMED)).isEqualTo(1);
  }
}

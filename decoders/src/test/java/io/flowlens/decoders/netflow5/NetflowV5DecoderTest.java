package io.flowlens.decoders.netflow5;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.decoders.DecodeResult;
import io.flowlens.decoders.DropReason;
import io.flowlens.decoders.ExportSource;
import io.flowlens.decoders.testing.WireWriter;
import io.flowlens.schema.FlowRecord;
import org.junit.jupiter.api.Test;

class NetflowV5DecoderTest {
  private static final ExportSource SOURCE = new ExportSource(new byte[] {(byte) 192, 0, 2, 5}, 9995, 1_700_000_000_000L);

  private static WireWriter datagram(int count, int records, int proto, int dstPort) {
    WireWriter w = new WireWriter().u16(5).u16(count).u32(60_000).u32(1_700_000_000L).u32(250_000_000L).u32(77)
        .u8(1).u8(2).u16(0x4000 | 100);
    for (int i = 0; i < records; i++) {
      w.bytes(10, 0, 0, 1).bytes(10, 0, 0, 2).bytes(10, 0, 0, 254).u16(3).u16(4).u32(5).u32(600)
          .u32(50_000).u32(59_000).u16(1234).u16(dstPort).u8(0).u8(0x12).u8(proto).u8(0x20)
          .u16(65001).u16(65002).u8(24).u8(16).u16(0);
    }
    return w;
  }

  @Test
  void shouldDecodeEveryRecordWithTheHeaderSamplingInterval() {
    DecodeResult r = new NetflowV5Decoder().decode(datagram(2, 2, 6, 80).buf(), SOURCE);
    assertThat(r.flows()).hasSize(2);
    FlowRecord f = r.flows().get(0);
    assertThat(f.getSamplingRate()).isEqualTo(100);
    assertThat(f.getBytes()).isEqualTo(600);
    assertThat(f.getPackets()).isEqualTo(5);
    assertThat(f.getSrcAs()).isEqualTo(65001);
    assertThat(f.getTcpFlags()).isEqualTo(0x12);
    assertThat(f.getObservationDomainId()).isEqualTo(0x0102);
    assertThat(f.getFlowStartMs()).isEqualTo(1_700_000_000_250L - 60_000 + 50_000);
    assertThat(r.sequenceIncrement()).isEqualTo(2);
    assertThat(r.sequenceNumber()).isEqualTo(77);
  }

  @Test
  void shouldMoveIcmpTypeAndCodeOutOfTheDestinationPort() {
    FlowRecord f = new NetflowV5Decoder().decode(datagram(1, 1, 1, 0x0B00).buf(), SOURCE).flows().get(0);
    assertThat(f.getIcmpType()).isEqualTo(11);
    assertThat(f.getSrcPort()).isZero();
    assertThat(f.getDstPort()).isZero();
  }

  @Test
  void shouldRejectACountTheDatagramCannotBack() {
    DecodeResult r = new NetflowV5Decoder().decode(datagram(3, 2, 6, 80).buf(), SOURCE);
    assertThat(r.flows()).isEmpty();
    assertThat(r.dropped(DropReason.MALFORMED)).isEqualTo(1);
    assertThat(new NetflowV5Decoder().decode(datagram(31, 31, 6, 80).buf(), SOURCE).dropped(DropReason.MALFORMED)).isEqualTo(1);
  }

  @Test
  void shouldReportATruncatedHeader() {
    assertThat(new NetflowV5Decoder().decode(new WireWriter().u16(5).u16(1).buf(), SOURCE).malformedDetail())
        .contains("truncated header");
  }
}

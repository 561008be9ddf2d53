package io.flowlens.decoders.netflow9;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.decoders.DecodeResult;
import io.flowlens.decoders.DropReason;
import io.flowlens.decoders.ExportSource;
import io.flowlens.decoders.Protocol;
import io.flowlens.decoders.template.TemplateCache;
import io.flowlens.decoders.testing.WireWriter;
import io.flowlens.schema.FlowDirection;
import io.flowlens.schema.FlowRecord;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NetflowV9DecoderTest {
  private static final byte[] EXPORTER = {(byte) 192, 0, 2, 9};
  private static final long UNIX_SECS = 1_700_000_000L;
  private static final long UPTIME = 100_000;
  private static final long NOW = UNIX_SECS * 1000 + 500;

  private TemplateCache cache = new TemplateCache();

  private DecodeResult decode(WireWriter w) {
    return decode(w, NOW);
  }

  private DecodeResult decode(WireWriter w, long now) {
    return new NetflowV9Decoder(cache).decode(w.buf(), new ExportSource(EXPORTER, 2055, now));
  }

  private static WireWriter header(int count) {
    return new WireWriter().u16(9).u16(count).u32(UPTIME).u32(UNIX_SECS).u32(42).u32(7);
  }

  /** Template 256: src/dst v4, ports, proto, bytes (8), packets (4), first, last, in/out if, direction. */
  private static WireWriter template(WireWriter w) {
    w.u16(0).lengthFrom(2);
    w.u16(256).u16(12);
    w.u16(8).u16(4).u16(12).u16(4).u16(7).u16(2).u16(11).u16(2).u16(4).u16(1)
        .u16(1).u16(8).u16(2).u16(4).u16(22).u16(4).u16(21).u16(4).u16(10).u16(2).u16(14).u16(2).u16(61).u16(1);
    return w.close();
  }

  private static WireWriter record(WireWriter w, int proto, int srcPort, int dstPort, long bytes) {
    return w.bytes(10, 0, 0, 1).bytes(10, 0, 0, 2).u16(srcPort).u16(dstPort).u8(proto)
        .u64(bytes).u32(3).u32(UPTIME - 2000).u32(UPTIME - 1000).u16(5).u16(6).u8(1);
  }

  private static WireWriter dataSet(WireWriter w, int records) {
    w.u16(256).lengthFrom(2);
    for (int i = 0; i < records; i++) {
      record(w, 6, 1000 + i, 443, 1500 + i);
    }
    return w.close();
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    return a;
  }

  @Test
  void shouldDecodeTemplateAndDataOfOneDatagram() {
    DecodeResult r = decode(dataSet(template(header(3)), 2));
    assertThat(r.protocol()).isEqualTo(Protocol.NETFLOW_V9);
    assertThat(r.templateRecords()).isEqualTo(1);
    assertThat(r.flows()).hasSize(2);
    FlowRecord f = r.flows().get(0);
    assertThat(bytes(f.getSrcAddr())).containsExactly(10, 0, 0, 1);
    assertThat(bytes(f.getDstAddr())).containsExactly(10, 0, 0, 2);
    assertThat(bytes(f.getExporterAddress())).containsExactly(EXPORTER);
    assertThat(f.getSrcPort()).isEqualTo(1000);
    assertThat(f.getDstPort()).isEqualTo(443);
    assertThat(f.getProto()).isEqualTo(6);
    assertThat(f.getBytes()).isEqualTo(1500);
    assertThat(f.getPackets()).isEqualTo(3);
    assertThat(f.getInIf()).isEqualTo(5);
    assertThat(f.getOutIf()).isEqualTo(6);
    assertThat(f.getDirection()).isEqualTo(FlowDirection.EGRESS);
    assertThat(f.getEtype()).isEqualTo(0x0800);
    assertThat(f.getFlowStartMs()).isEqualTo(UNIX_SECS * 1000 - 2000);
    assertThat(f.getFlowEndMs()).isEqualTo(UNIX_SECS * 1000 - 1000);
    assertThat(f.getTimeReceivedMs()).isEqualTo(NOW);
    assertThat(f.getObservationDomainId()).isEqualTo(7);
    assertThat(f.getSequenceNumber()).isEqualTo(42);
    assertThat(r.hasSequence()).isTrue();
    assertThat(r.sequenceIncrement()).isEqualTo(1);
    assertThat(r.drops()).isEmpty();
  }

  @Test
  void shouldDecodeDataThatPrecedesItsTemplateInTheSameDatagram() {
    DecodeResult r = decode(template(dataSet(header(2), 1)));
    assertThat(r.flows()).hasSize(1);
    assertThat(r.drops()).isEmpty();
  }

  @Test
  void shouldWalkFlowSetsByLengthWhateverTheHeaderCount() {
    assertThat(decode(dataSet(template(header(1)), 3)).flows()).hasSize(3);
  }

  @Test
  void shouldCountEachDataSetWithoutTemplateAndNeverGuess() {
    DecodeResult r = decode(dataSet(dataSet(header(2), 1), 1));
    assertThat(r.flows()).isEmpty();
    assertThat(r.dropped(DropReason.TEMPLATE_MISSING)).isEqualTo(2);
  }

  @Test
  void shouldUseATemplateFromAnEarlierDatagram() {
    decode(template(header(1)));
    assertThat(decode(dataSet(header(1), 2)).flows()).hasSize(2);
  }

  @Test
  void shouldForgetATemplateNotRefreshedWithinTheExpiry() {
    cache = new TemplateCache(new TemplateCache.Config(10, 10, Duration.ofSeconds(60)));
    decode(template(header(1)), NOW);
    assertThat(decode(dataSet(header(1), 1), NOW + 60_000).flows()).hasSize(1);
    DecodeResult late = decode(dataSet(header(1), 1), NOW + 60_001);
    assertThat(late.flows()).isEmpty();
    assertThat(late.dropped(DropReason.TEMPLATE_MISSING)).isEqualTo(1);
  }

  @Test
  void shouldRefuseTemplatesBeyondTheLimit() {
    cache = new TemplateCache(new TemplateCache.Config(1, 10, Duration.ofMinutes(1)));
    WireWriter w = template(header(2));
    w.u16(0).lengthFrom(2).u16(257).u16(1).u16(1).u16(4).close();
    DecodeResult r = decode(w);
    assertThat(r.templateRecords()).isEqualTo(1);
    assertThat(r.dropped(DropReason.TEMPLATE_LIMIT)).isEqualTo(1);
  }

  @Test
  void shouldReportATruncatedHeader() {
    DecodeResult r = decode(new WireWriter().u16(9).u16(1).u32(0));
    assertThat(r.dropped(DropReason.MALFORMED)).isEqualTo(1);
    assertThat(r.malformedDetail()).contains("truncated header").contains("[0x0000]");
  }

  @Test
  void shouldStopAtAFlowSetShorterThanItsHeaderAndKeepWhatCameBefore() {
    for (int length : new int[] {1, 3}) {
      WireWriter w = dataSet(template(header(2)), 1).u16(256).u16(length).u32(0);
      DecodeResult r = decode(w);
      assertThat(r.flows()).as("length %d", length).hasSize(1);
      assertThat(r.dropped(DropReason.MALFORMED)).isEqualTo(1);
      assertThat(r.malformedDetail()).contains(String.format("[0x%04X]", Header.SIZE + 56 + 42));
    }
  }

  @Test
  void shouldStopAtAFlowSetOfLengthZeroUnlessItIsZeroPadding() {
    DecodeResult padded = decode(dataSet(template(header(2)), 1).zeros(8));
    assertThat(padded.flows()).hasSize(1);
    assertThat(padded.drops()).isEmpty();
    DecodeResult bad = decode(dataSet(template(header(2)), 1).u16(256).u16(0).u32(1));
    assertThat(bad.flows()).hasSize(1);
    assertThat(bad.dropped(DropReason.MALFORMED)).isEqualTo(1);
  }

  @Test
  void shouldStopAtAFlowSetLongerThanTheDatagram() {
    WireWriter w = template(header(2)).u16(256).u16(400);
    record(w, 6, 1, 2, 3);
    DecodeResult r = decode(w);
    assertThat(r.flows()).isEmpty();
    assertThat(r.malformedDetail()).contains("exceeds");
  }

  @Test
  void shouldRejectATemplateWhoseFieldCountOverrunsTheFlowSet() {
    WireWriter w = header(1).u16(0).lengthFrom(2).u16(256).u16(50).u16(1).u16(4).close();
    DecodeResult r = decode(w);
    assertThat(r.templateRecords()).isZero();
    assertThat(r.malformedDetail()).contains("field count overruns");
    assertThat(cache.domainCount()).isEqualTo(1);
  }

  @Test
  void shouldAcceptZeroLengthFields() {
    WireWriter w = header(2).u16(0).lengthFrom(2).u16(300).u16(3).u16(8).u16(4).u16(95).u16(0).u16(1).u16(4).close();
    w.u16(300).lengthFrom(2).bytes(10, 1, 1, 1).u32(99).bytes(10, 1, 1, 2).u32(77).close();
    DecodeResult r = decode(w);
    assertThat(r.flows()).extracting(FlowRecord::getBytes).containsExactly(99L, 77L);
  }

  @Test
  void shouldNormaliseIcmpTypeAndCodeFromTheDestinationPort() {
    WireWriter w = template(header(2));
    w.u16(256).lengthFrom(2);
    record(w, 1, 0, 3 * 256 + 1, 84);
    w.close();
    FlowRecord f = decode(w).flows().get(0);
    assertThat(f.getIcmpType()).isEqualTo(3);
    assertThat(f.getIcmpCode()).isEqualTo(1);
    assertThat(f.getSrcPort()).isZero();
    assertThat(f.getDstPort()).isZero();
  }

  /** Options template 257 (scope: system; options: FLOW_SAMPLER_ID, SAMPLING_INTERVAL). */
  private static WireWriter samplerOptions(WireWriter w, int... idAndRate) {
    w.u16(1).lengthFrom(2).u16(257).u16(4).u16(8).u16(1).u16(4).u16(48).u16(1).u16(34).u16(4).u16(0).close();
    w.u16(257).lengthFrom(2);
    for (int i = 0; i < idAndRate.length; i += 2) {
      w.u32(0).u8(idAndRate[i]).u32(idAndRate[i + 1]);
    }
    return w.close();
  }

  @Test
  void shouldApplyTheSingleSamplingRateOfTheDomainToEveryRecord() {
    DecodeResult r = decode(dataSet(template(samplerOptions(header(4), 1, 100)), 2));
    assertThat(r.optionsRecords()).isEqualTo(1);
    assertThat(r.templateRecords()).isEqualTo(2);
    assertThat(r.flows()).extracting(FlowRecord::getSamplingRate).containsExactly(100L, 100L);
  }

  @Test
  void shouldUseTheRateOfTheSamplerARecordNames() {
    WireWriter w = samplerOptions(header(4), 1, 100, 2, 1000);
    w.u16(0).lengthFrom(2).u16(258).u16(2).u16(1).u16(4).u16(48).u16(1).close();
    w.u16(258).lengthFrom(2).u32(10).u8(2).u32(20).u8(1).u32(30).u8(3).close();
    DecodeResult r = decode(w);
    assertThat(r.flows()).extracting(FlowRecord::getSamplingRate).containsExactly(1000L, 100L, 0L);
  }

  @Test
  void shouldKeepSamplingRatesPerDomainAcrossDatagrams() {
    decode(samplerOptions(header(2), 1, 512));
    assertThat(decode(dataSet(template(header(2)), 1)).flows().get(0).getSamplingRate()).isEqualTo(512);
  }
}

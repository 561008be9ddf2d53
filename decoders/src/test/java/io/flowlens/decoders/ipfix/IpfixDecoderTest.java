package io.flowlens.decoders.ipfix;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.decoders.DecodeResult;
import io.flowlens.decoders.DropReason;
import io.flowlens.decoders.ExportSource;
import io.flowlens.decoders.Protocol;
import io.flowlens.decoders.sequence.SequenceTracker;
import io.flowlens.decoders.template.TemplateCache;
import io.flowlens.decoders.testing.WireWriter;
import io.flowlens.schema.FlowRecord;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class IpfixDecoderTest {
  private static final byte[] EXPORTER = {(byte) 192, 0, 2, 10};
  private static final long EXPORT_TIME = 1_700_000_000L;
  private static final long NOW = EXPORT_TIME * 1000;

  private final TemplateCache cache = new TemplateCache();

  private DecodeResult decode(WireWriter w) {
    return new IpfixDecoder(cache).decode(w.buf(), new ExportSource(EXPORTER, 4739, NOW));
  }

  /** A message whose length field is patched by the final {@link WireWriter#close()}. */
  private static WireWriter message() {
    return new WireWriter().u16(10).lengthFrom(2).u32(EXPORT_TIME).u32(1000).u32(3);
  }

  /** Template 400: octetDeltaCount (8), an enterprise field (4), sourceIPv4Address, a variable-length field. */
  private static WireWriter template(WireWriter w) {
    return w.u16(2).lengthFrom(2).u16(400).u16(4)
        .u16(1).u16(8)
        .u16(0x8000 | 12).u16(4).u32(29305)
        .u16(8).u16(4)
        .u16(82).u16(65535)
        .close();
  }

  @Test
  void shouldDecodeVariableLengthAndSkipEnterpriseFields() {
    WireWriter w = template(message());
    w.u16(400).lengthFrom(2);
    w.u64(1234).u32(0xDEADBEEFL).bytes(10, 9, 9, 9).u8(3).bytes('e', 't', 'h');
    w.u64(99).u32(0).bytes(10, 9, 9, 8).u8(255).u16(300).zeros(300);
    w.u64(7).u32(0).bytes(10, 9, 9, 7).u8(0);
    w.zeros(2).close().close();
    DecodeResult r = decode(w);
    assertThat(r.protocol()).isEqualTo(Protocol.IPFIX);
    assertThat(r.drops()).isEmpty();
    assertThat(r.flows()).extracting(FlowRecord::getBytes).containsExactly(1234L, 99L, 7L);
    assertThat(r.sequenceNumber()).isEqualTo(1000);
    assertThat(r.sequenceIncrement()).isEqualTo(3);
    assertThat(r.observationDomainId()).isEqualTo(3);
  }

  @Test
  void shouldStopAtAVariableLengthFieldThatOverrunsTheSet() {
    WireWriter w = template(message());
    w.u16(400).lengthFrom(2);
    w.u64(1).u32(0).bytes(10, 9, 9, 9).u8(0);
    w.u64(2).u32(0).bytes(10, 9, 9, 9).u8(50).zeros(10);
    w.close().close();
    DecodeResult r = decode(w);
    assertThat(r.flows()).hasSize(1);
    assertThat(r.dropped(DropReason.MALFORMED)).isEqualTo(1);
    assertThat(r.malformedDetail()).contains("past the end of the set");
  }

  @Test
  void shouldStopAtATwoByteVariableLengthThatOverrunsTheSet() {
    WireWriter w = template(message());
    w.u16(400).lengthFrom(2).u64(1).u32(0).bytes(10, 9, 9, 9).u8(255).u16(1000).zeros(4).close().close();
    DecodeResult r = decode(w);
    assertThat(r.flows()).isEmpty();
    assertThat(r.dropped(DropReason.MALFORMED)).isEqualTo(1);
  }

  @Test
  void shouldRejectAnEnterpriseFieldSpecifierCutShort() {
    WireWriter w = message().u16(2).lengthFrom(2).u16(400).u16(1).u16(0x8001).u16(4).close().close();
    assertThat(decode(w).malformedDetail()).contains("overrun");
  }

  @Test
  void shouldReportAMessageLengthBeyondTheDatagram() {
    WireWriter w = new WireWriter().u16(10).u16(200).u32(EXPORT_TIME).u32(0).u32(0);
    DecodeResult r = decode(w);
    assertThat(r.dropped(DropReason.MALFORMED)).isEqualTo(1);
    assertThat(r.malformedDetail()).contains("[0x0002]");
  }

  @Test
  void shouldWithdrawATemplate() {
    decode(template(message()).close());
    decode(message().u16(2).lengthFrom(2).u16(400).u16(0).close().close());
    DecodeResult r = decode(message().u16(400).lengthFrom(2).u64(1).u32(0).bytes(1, 2, 3, 4).u8(0).close().close());
    assertThat(r.flows()).isEmpty();
    assertThat(r.dropped(DropReason.TEMPLATE_MISSING)).isEqualTo(1);
  }

  @Test
  void shouldReadTheTemplateThatFollowsAWithdrawalInTheSameSet() {
    decode(template(message()).close());
    WireWriter w = message();
    // Withdraws template 400, then announces 401: octetDeltaCount (8).
    w.u16(2).lengthFrom(2).u16(400).u16(0).u16(401).u16(1).u16(1).u16(8).close();
    w.u16(401).lengthFrom(2).u64(1234).close();
    w.u16(400).lengthFrom(2).u64(1).u32(0).bytes(1, 2, 3, 4).u8(0).close();
    DecodeResult r = decode(w.close());
    assertThat(r.templateRecords()).isEqualTo(2);
    assertThat(r.flows()).hasSize(1);
    assertThat(r.flows().get(0).getBytes()).isEqualTo(1234);
    assertThat(r.dropped(DropReason.TEMPLATE_MISSING)).isEqualTo(1);
    assertThat(r.drops()).hasSize(1);
  }

  @Test
  void shouldWithdrawAllTemplatesOfTheDomain() {
    decode(template(message()).close());
    DecodeResult w = decode(message().u16(2).lengthFrom(2).u16(2).u16(0).close().close());
    assertThat(w.templateRecords()).isEqualTo(1);
    assertThat(cache.find(EXPORTER, 10, 3).templateCount()).isZero();
  }

  @Test
  void shouldRejectAnOptionsTemplateWithoutScope() {
    WireWriter w = message().u16(3).lengthFrom(2).u16(500).u16(1).u16(0).u16(34).u16(4).close().close();
    assertThat(decode(w).dropped(DropReason.MALFORMED)).isEqualTo(1);
  }

  @Test
  void shouldTakeTheSamplingRateFromPacketIntervalAndSpace() {
    WireWriter w = message();
    // Options template 500: scope selectorId (302); samplingPacketInterval (305), samplingPacketSpace (306).
    w.u16(3).lengthFrom(2).u16(500).u16(3).u16(1).u16(302).u16(2).u16(305).u16(4).u16(306).u16(4).close();
    w.u16(500).lengthFrom(2).u16(1).u32(1).u32(9).close();
    // Data template 401: octetDeltaCount (4), selectorId (2).
    w.u16(2).lengthFrom(2).u16(401).u16(2).u16(1).u16(4).u16(302).u16(2).close();
    w.u16(401).lengthFrom(2).u32(500).u16(1).close();
    DecodeResult r = decode(w.close());
    assertThat(r.optionsRecords()).isEqualTo(1);
    assertThat(r.flows()).singleElement().extracting(FlowRecord::getSamplingRate).isEqualTo(10L);
    assertThat(r.sequenceIncrement()).isEqualTo(2);
  }

  @Test
  void shouldPlaceSysUpTimesAfterTheSystemInitTime() {
    long init = NOW - 3_600_000;
    WireWriter w = message();
    w.u16(2).lengthFrom(2).u16(402).u16(3).u16(1).u16(4).u16(22).u16(4).u16(21).u16(4).close();
    w.u16(402).lengthFrom(2).u32(10).u32(1000).u32(5000).close();
    w.u16(3).lengthFrom(2).u16(501).u16(2).u16(1).u16(149).u16(4).u16(160).u16(8).close();
    w.u16(501).lengthFrom(2).u32(3).u64(init).close();
    FlowRecord f = decode(w.close()).flows().get(0);
    assertThat(f.getFlowStartMs()).isEqualTo(init + 1000);
    assertThat(f.getFlowEndMs()).isEqualTo(init + 5000);
  }

  @Test
  void shouldConvertAbsoluteAndRelativeTimes() {
    WireWriter w = message();
    w.u16(2).lengthFrom(2).u16(403).u16(3).u16(1).u16(4).u16(154).u16(8).u16(161).u16(4).close();
    long ntpSeconds = EXPORT_TIME - 10 + 2_208_988_800L;
    w.u16(403).lengthFrom(2).u32(10).u32(ntpSeconds).u32(0x80000000L).u32(2500).close();
    FlowRecord f = decode(w.close()).flows().get(0);
    assertThat(f.getFlowStartMs()).isEqualTo(NOW - 10_000 + 500);
    assertThat(f.getFlowEndMs()).isEqualTo(NOW - 10_000 + 3000);
  }

  @Test
  void shouldPreferIcmpElementsAndZeroThePorts() {
    WireWriter w = message();
    w.u16(2).lengthFrom(2).u16(404).u16(5).u16(4).u16(1).u16(7).u16(2).u16(11).u16(2).u16(178).u16(1).u16(179).u16(1).close();
    w.u16(404).lengthFrom(2).u8(58).u16(0).u16(999).u8(128).u8(0).zeros(1).close();
    FlowRecord f = decode(w.close()).flows().get(0);
    assertThat(f.getIcmpType()).isEqualTo(128);
    assertThat(f.getIcmpCode()).isZero();
    assertThat(f.getDstPort()).isZero();
  }

  @Test
  void shouldCountOptionsAndFlowRecordsAsTheExporterDoesSoNoLossIsSeen() {
    // RFC 7011 section 3.1: the sequence number counts every data record, options records included,
    // as the demo exporter's IpfixEncoder counts them (softflowd leaves its options record out, which
    // SequenceTracker follows: see its capture test).
    SequenceTracker tracker = new SequenceTracker();
    WireWriter first = new WireWriter().u16(10).lengthFrom(2).u32(EXPORT_TIME).u32(0).u32(3);
    first.u16(3).lengthFrom(2).u16(500).u16(2).u16(1).u16(302).u16(2).u16(34).u16(4).close();
    first.u16(500).lengthFrom(2).u16(1).u32(10).close();
    first.u16(2).lengthFrom(2).u16(401).u16(1).u16(1).u16(4).close();
    first.u16(401).lengthFrom(2).u32(1).u32(2).close();
    DecodeResult r1 = decode(first.close());
    assertThat(r1.sequenceIncrement()).isEqualTo(3);
    assertThat(r1.sequenceIncrementKnown()).isTrue();
    long lost = tracker.observe(EXPORTER, 4739, Protocol.IPFIX, 3, r1.sequenceNumber(), r1.sequenceIncrement());
    for (long seq = 3; seq < 3 + 2 * 20; seq += 2) {
      WireWriter next = new WireWriter().u16(10).lengthFrom(2).u32(EXPORT_TIME).u32(seq).u32(3);
      DecodeResult r = decode(next.u16(401).lengthFrom(2).u32(1).u32(2).close().close());
      lost += tracker.observe(EXPORTER, 4739, Protocol.IPFIX, 3, r.sequenceNumber(), r.sequenceIncrement());
    }
    assertThat(lost).isZero();
  }

  @Test
  void shouldReportTheIncrementUnknownWhenASetHasNoTemplate() {
    WireWriter w = template(message());
    w.u16(400).lengthFrom(2).u64(1).u32(0).bytes(10, 9, 9, 9).u8(0).close();
    w.u16(999).lengthFrom(2).zeros(40).close();
    DecodeResult r = decode(w.close());
    assertThat(r.flows()).hasSize(1);
    assertThat(r.dropped(DropReason.TEMPLATE_MISSING)).isEqualTo(1);
    assertThat(r.sequenceIncrement()).isEqualTo(1);
    assertThat(r.sequenceIncrementKnown()).isFalse();
  }

  @Test
  void shouldReportTheIncrementUnknownForAnUnknownExporterWithData() {
    DecodeResult r = decode(message().u16(400).lengthFrom(2).zeros(20).close().close());
    assertThat(r.sequenceIncrement()).isZero();
    assertThat(r.sequenceIncrementKnown()).isFalse();
    DecodeResult empty = new IpfixDecoder(new TemplateCache()).decode(
        message().close().buf(), new ExportSource(EXPORTER, 4739, NOW));
    assertThat(empty.hasSequence()).isTrue();
    assertThat(empty.sequenceIncrementKnown()).isTrue();
  }

  @Test
  void shouldReportTheIncrementUnknownAfterAMalformedSet() {
    WireWriter w = template(message());
    w.u16(400).lengthFrom(2).u64(1).u32(0).bytes(10, 9, 9, 9).u8(50).zeros(10).close();
    DecodeResult r = decode(w.close());
    assertThat(r.dropped(DropReason.MALFORMED)).isEqualTo(1);
    assertThat(r.sequenceIncrementKnown()).isFalse();
  }

  @Test
  void shouldDecodeADirectBufferAsAHeapOne() {
    WireWriter w = template(message());
    w.u16(400).lengthFrom(2);
    w.u64(1234).u32(0).bytes(10, 9, 9, 9).u8(3).bytes('e', 't', 'h');
    w.u64(99).u32(0).bytes(10, 9, 9, 8).u8(0);
    byte[] bytes = w.close().close().content();
    DecodeResult heap = decode(w);
    // A direct buffer whose datagram starts after other bytes, as a pooled buffer may hold it.
    ByteBuf direct = Unpooled.directBuffer(bytes.length + 7).writeZero(7).writeBytes(bytes).skipBytes(7);
    try {
      DecodeResult r = new IpfixDecoder(new TemplateCache()).decode(direct, new ExportSource(EXPORTER, 4739, NOW));
      assertThat(r.flows()).hasSize(2).isEqualTo(heap.flows());
      assertThat(r.drops()).isEmpty();
      assertThat(direct.readerIndex()).isEqualTo(7);
    } finally {
      direct.release();
    }
  }

  @Test
  void shouldNotMoveTheReaderIndex() {
    ByteBuf buf = template(message()).close().buf();
    new IpfixDecoder(cache).decode(buf, new ExportSource(EXPORTER, 4739, NOW));
    assertThat(buf.readerIndex()).isZero();
  }
}

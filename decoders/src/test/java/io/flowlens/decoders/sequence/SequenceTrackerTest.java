package io.flowlens.decoders.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowlens.decoders.DecodeResult;
import io.flowlens.decoders.NetflowDecoder;
import io.flowlens.decoders.Protocol;
import io.flowlens.decoders.template.TemplateCache;
import io.flowlens.decoders.testing.PcapReader;
import io.flowlens.decoders.testing.SharedTestdata;
import io.flowlens.decoders.testing.UdpDatagram;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SequenceTrackerTest {
  private static final byte[] EXPORTER = {(byte) 192, 0, 2, 1};
  private static final int PORT = 40_000;
  private final SequenceTracker tracker = new SequenceTracker(new SequenceTracker.Config(4, 1_000_000, 1000));

  private long feed(long... sequences) {
    long lost = 0;
    for (long s : sequences) {
      lost += tracker.observe(EXPORTER, PORT, Protocol.NETFLOW_V9, 0, s, 1);
    }
    return lost;
  }

  @Test
  void shouldReportNothingForConsecutiveDatagrams() {
    assertThat(feed(10, 11, 12, 13, 14, 15, 16, 17)).isZero();
  }

  @Test
  void shouldReportAGapOnceTheReorderWindowHasPassed() {
    assertThat(feed(1, 2, 6)).isZero();
    assertThat(feed(7, 8, 9)).isZero();
    assertThat(feed(10)).isEqualTo(3);
    assertThat(feed(11, 12)).isZero();
  }

  @Test
  void shouldNotCountAReorderedDatagramAsLost() {
    assertThat(feed(1, 2, 4, 3, 5, 6, 7, 8, 9, 10)).isZero();
    assertThat(feed(12, 13, 11, 14, 15, 16, 17, 18)).isZero();
  }

  @Test
  void shouldFillPartOfAGap() {
    assertThat(feed(1, 6, 3, 7, 8, 9, 10, 11)).isEqualTo(3);
  }

  @Test
  void shouldFollowTheThirtyTwoBitWrap() {
    assertThat(feed(0xFFFFFFFEL, 0xFFFFFFFFL, 0, 1, 2)).isZero();
    assertThat(feed(4, 5, 6, 7, 8, 9)).isEqualTo(1);
  }

  @Test
  void shouldStartOverWhenTheExporterRestarts() {
    assertThat(feed(5000, 5001, 5002)).isZero();
    assertThat(feed(0, 1, 2, 3, 4, 5, 6, 7)).isZero();
  }

  @Test
  void shouldStartOverOnAJumpTooLargeToBeLoss() {
    assertThat(feed(1, 2, 3, 2_000_000_000L, 2_000_000_001L)).isZero();
    assertThat(feed(2_000_000_002L, 2_000_000_003L, 2_000_000_004L, 2_000_000_005L, 2_000_000_006L)).isZero();
  }

  @Test
  void shouldCountRecordsForRecordCounters() {
    long lost = 0;
    long[][] datagrams = {{0, 30}, {30, 30}, {90, 30}, {120, 30}, {150, 30}, {180, 30}, {210, 30}, {240, 30}};
    for (long[] d : datagrams) {
      lost += tracker.observe(EXPORTER, PORT, Protocol.IPFIX, 7, d[0], d[1]);
    }
    assertThat(lost).isEqualTo(30);
  }

  /** Feeds IPFIX messages given as {sequence, records counted, 1 when that count is the whole of it}. */
  private long feedIpfix(long[]... messages) {
    long lost = 0;
    for (long[] m : messages) {
      lost += tracker.observe(EXPORTER, PORT, Protocol.IPFIX, 7, m[0], m[1], m[2] == 1);
    }
    return lost;
  }

  @Test
  void shouldResynchroniseAfterAMessageWithUncountedRecords() {
    // The second message held 10 records, 7 of them in a set without template.
    assertThat(feedIpfix(new long[][] {
        {0, 10, 1}, {10, 3, 0}, {20, 5, 1}, {25, 5, 1}, {30, 5, 1}, {35, 5, 1}, {40, 5, 1}, {45, 5, 1}})).isZero();
  }

  @Test
  void shouldResynchroniseWhenTheFirstMessageHasUncountedRecords() {
    assertThat(feedIpfix(new long[][] {{0, 0, 0}, {12, 5, 1}, {17, 5, 1}, {22, 5, 1}, {27, 5, 1}, {32, 5, 1}, {37, 5, 1}}))
        .isZero();
  }

  @Test
  void shouldStillCountAGapBeforeAMessageWithUncountedRecords() {
    assertThat(feedIpfix(new long[][] {
        {0, 10, 1}, {15, 2, 0}, {20, 5, 1}, {25, 5, 1}, {30, 5, 1}, {35, 5, 1}, {40, 5, 1}})).isEqualTo(5);
  }

  @Test
  void shouldCountLossAgainOnceResynchronised() {
    assertThat(feedIpfix(new long[][] {
        {0, 10, 1}, {10, 3, 0}, {20, 5, 1}, {30, 5, 1}, {35, 5, 1}, {40, 5, 1}, {45, 5, 1}, {50, 5, 1}})).isEqualTo(5);
  }

  @Test
  void shouldLetALateMessageWithUncountedRecordsFillTheRestOfItsGap() {
    assertThat(feedIpfix(new long[][] {
        {0, 10, 1}, {30, 5, 1}, {10, 3, 0}, {35, 5, 1}, {40, 5, 1}, {45, 5, 1}, {50, 5, 1}, {55, 5, 1}})).isZero();
  }

  @Test
  void shouldKeepExportersPortsProtocolsAndDomainsApart() {
    tracker.observe(EXPORTER, PORT, Protocol.NETFLOW_V9, 0, 100, 1);
    tracker.observe(EXPORTER, PORT + 1, Protocol.NETFLOW_V9, 0, 500, 1);
    tracker.observe(EXPORTER, PORT, Protocol.NETFLOW_V9, 1, 5, 1);
    tracker.observe(new byte[] {(byte) 192, 0, 2, 2}, PORT, Protocol.NETFLOW_V9, 0, 7, 1);
    tracker.observe(EXPORTER, PORT, Protocol.IPFIX, 0, 9, 1);
    assertThat(tracker.streamCount()).isEqualTo(5);
    assertThat(feed(101, 102, 103, 104, 105, 106)).isZero();
  }

  /** Feeds IPFIX messages given as {sequence, records}. */
  private long feedRecords(long[]... messages) {
    long lost = 0;
    for (long[] m : messages) {
      lost += tracker.observe(EXPORTER, PORT, Protocol.IPFIX, 0, m[0], m[1]);
    }
    return lost;
  }

  @Test
  void shouldFollowTheWrapOfARecordCounter() {
    assertThat(feedRecords(new long[][] {{0xFFFF_FFF0L, 0x10}, {0, 5}, {7, 1}, {8, 1}, {9, 1}, {10, 1}})).isZero();
    assertThat(feedRecords(new long[][] {{11, 1}})).isEqualTo(2);
  }

  @Test
  void shouldAcceptRecordCountersThatIncludeTheCurrentMessage() {
    // softflowd's IPFIX: 19 records in the first message carry sequence 19, then 25 records carry 44.
    assertThat(feedRecords(new long[][] {{19, 19}, {44, 25}, {70, 26}})).isZero();
    // 10 records lost before these 20; read as counting only earlier records the gap would be 4.
    assertThat(feedRecords(new long[][] {{100, 20}, {120, 20}, {140, 20}, {160, 20}})).isZero();
    assertThat(feedRecords(new long[][] {{180, 20}})).isEqualTo(10);
  }

  @Test
  void shouldKeepTheRfcConventionOnceAStreamShowedIt() {
    assertThat(feedRecords(new long[][] {{0, 10}, {10, 30}})).isZero();
    // 30 records lost before these 40; read as counting this message too the gap would be 20.
    assertThat(feedRecords(new long[][] {{70, 40}, {110, 40}, {150, 40}, {190, 40}, {230, 40}})).isEqualTo(30);
  }

  @Test
  void shouldTakeTheSmallerReadingUntilAStreamShowsItsConvention() {
    // Before the first message: 40 missing; counting it too: 30. Equal record counts then agree.
    assertThat(feedRecords(new long[][] {{0, 10}, {50, 20}, {70, 20}, {90, 20}, {110, 20}, {130, 20}}))
        .isEqualTo(30);
  }

  @Test
  void shouldNotCountAReorderedMessageOfAStreamThatIncludesTheCurrentMessage() {
    assertThat(feedRecords(new long[][] {
        {19, 19}, {44, 25}, {90, 20}, {70, 26}, {110, 20}, {130, 20}, {150, 20}, {170, 20}})).isZero();
  }

  @Test
  void shouldTakeUncountedRecordsBeforeTheEndOfAMessageThatIncludesItself() {
    assertThat(feedRecords(new long[][] {{19, 19}, {44, 25}})).isZero();
    // 36 records, 26 of them in a set without template: the end is known, the start is not.
    assertThat(tracker.observe(EXPORTER, PORT, Protocol.IPFIX, 0, 80, 10, false)).isZero();
    assertThat(feedRecords(new long[][] {{100, 20}, {120, 20}, {140, 20}, {160, 20}, {180, 20}})).isZero();
    assertThat(feedRecords(new long[][] {{210, 20}, {230, 20}, {250, 20}, {270, 20}, {290, 20}})).isEqualTo(10);
  }

  @Test
  void shouldLetALateMessageWithUncountedRecordsFillTheGapItEndsIn() {
    assertThat(feedRecords(new long[][] {{19, 19}, {44, 25}, {100, 20}})).isZero();
    assertThat(tracker.observe(EXPORTER, PORT, Protocol.IPFIX, 0, 80, 10, false)).isZero();
    assertThat(feedRecords(new long[][] {{120, 20}, {140, 20}, {160, 20}, {180, 20}, {200, 20}})).isZero();
  }

  @Test
  void shouldFollowAnExporterThatCountsFewerRecordsThanTheDecoder() {
    // softflowd leaves out the options record it sends with its templates: 20 records decoded, 19 counted.
    assertThat(feedRecords(new long[][] {{19, 20}, {44, 25}, {70, 26}, {96, 26}, {117, 22}})).isZero();
    assertThat(feedRecords(new long[][] {{140, 23}, {160, 20}, {180, 20}, {200, 20}, {220, 20}})).isZero();
    assertThat(feedRecords(new long[][] {{250, 20}, {270, 20}, {290, 20}, {310, 20}, {330, 20}})).isEqualTo(10);
  }

  @Test
  void shouldNeverReadADatagramCounterAsCountingTheCurrentDatagram() {
    SequenceTracker wide = new SequenceTracker(new SequenceTracker.Config(0, 1_000_000, 10));
    // sFlow numbers datagrams: a gap of 3 is 3 whatever the increment passed.
    assertThat(wide.observe(EXPORTER, PORT, Protocol.SFLOW_V5, 0, 10, 1)).isZero();
    assertThat(wide.observe(EXPORTER, PORT, Protocol.SFLOW_V5, 0, 15, 2)).isEqualTo(4);
  }

  /**
   * The real exporters lost nothing on the loopback they were captured on: with no reorder window
   * every gap counts at once, and softflowd's IPFIX (which counts the current message) must show none.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"export_ipfix.pcap", "export_ipfix_s10.pcap", "export_ipfix_pmacct.pcap",
      "export_netflow9.pcap", "export_netflow9_pmacct.pcap"})
  void shouldSeeNoLossInTheRealExportersCaptures(String capture) throws IOException {
    SequenceTracker strict = new SequenceTracker(new SequenceTracker.Config(0, 1_000_000, 10));
    NetflowDecoder decoder = new NetflowDecoder(new TemplateCache());
    long lost = 0;
    int sequenced = 0;
    for (UdpDatagram d : PcapReader.read(SharedTestdata.captures().resolve("exporters").resolve(capture))) {
      DecodeResult r = decoder.decode(Unpooled.wrappedBuffer(d.payload()), d.source());
      if (r.hasSequence()) {
        sequenced++;
        lost += strict.observe(d.source().address(), d.source().port(), r.protocol(), r.observationDomainId(),
            r.sequenceNumber(), r.sequenceIncrement(), r.sequenceIncrementKnown());
      }
    }
    assertThat(sequenced).isGreaterThan(2);
    assertThat(lost).isZero();
  }

  @Test
  void shouldStopTrackingNewStreamsBeyondTheLimit() {
    SequenceTracker small = new SequenceTracker(new SequenceTracker.Config(4, 1000, 1));
    small.observe(EXPORTER, PORT, Protocol.NETFLOW_V9, 0, 1, 1);
    assertThat(small.observe(EXPORTER, PORT, Protocol.NETFLOW_V9, 1, 1, 1)).isZero();
    assertThat(small.streamCount()).isEqualTo(1);
  }

  @Test
  void shouldRejectAnInvalidConfig() {
    assertThatThrownBy(() -> new SequenceTracker.Config(-1, 10, 10)).hasMessageContaining("reorder_window");
    assertThatThrownBy(() -> new SequenceTracker.Config(1, 0, 10)).hasMessageContaining("max_jump");
    assertThatThrownBy(() -> new SequenceTracker.Config(1, 10, 0)).hasMessageContaining("max_streams");
  }
}

package io.flowlens.decoders.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowlens.decoders.Protocol;
import org.junit.jupiter.api.Test;

class SequenceTrackerTest {
  private static final byte[] EXPORTER = {(byte) 192, 0, 2, 1};
  private final SequenceTracker tracker = new SequenceTracker(new SequenceTracker.Config(4, 1_000_000, 1000));

  private long feed(long... sequences) {
    long lost = 0;
    for (long s : sequences) {
      lost += tracker.observe(EXPORTER, Protocol.NETFLOW_V9, 0, s, 1);
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
      lost += tracker.observe(EXPORTER, Protocol.IPFIX, 7, d[0], d[1]);
    }
    assertThat(lost).isEqualTo(30);
  }

  /** Feeds IPFIX messages given as {sequence, records counted, 1 when that count is the whole of it}. */
  private long feedIpfix(long[]... messages) {
    long lost = 0;
    for (long[] m : messages) {
      lost += tracker.observe(EXPORTER, Protocol.IPFIX, 7, m[0], m[1], m[2] == 1);
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
  void shouldKeepExportersProtocolsAndDomainsApart() {
    tracker.observe(EXPORTER, Protocol.NETFLOW_V9, 0, 100, 1);
    tracker.observe(EXPORTER, Protocol.NETFLOW_V9, 1, 5, 1);
    tracker.observe(new byte[] {(byte) 192, 0, 2, 2}, Protocol.NETFLOW_V9, 0, 7, 1);
    tracker.observe(EXPORTER, Protocol.IPFIX, 0, 9, 1);
    assertThat(tracker.streamCount()).isEqualTo(4);
    assertThat(feed(101, 102, 103, 104, 105, 106)).isZero();
  }

  @Test
  void shouldStopTrackingNewStreamsBeyondTheLimit() {
    SequenceTracker small = new SequenceTracker(new SequenceTracker.Config(4, 1000, 1));
    small.observe(EXPORTER, Protocol.NETFLOW_V9, 0, 1, 1);
    assertThat(small.observe(EXPORTER, Protocol.NETFLOW_V9, 1, 1, 1)).isZero();
    assertThat(small.streamCount()).isEqualTo(1);
  }

  @Test
  void shouldRejectAnInvalidConfig() {
    assertThatThrownBy(() -> new SequenceTracker.Config(-1, 10, 10)).hasMessageContaining("reorder_window");
    assertThatThrownBy(() -> new SequenceTracker.Config(1, 0, 10)).hasMessageContaining("max_jump");
    assertThatThrownBy(() -> new SequenceTracker.Config(1, 10, 0)).hasMessageContaining("max_streams");
  }
}

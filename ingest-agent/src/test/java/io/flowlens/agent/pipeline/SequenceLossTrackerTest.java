package io.flowlens.agent.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.decoders.Protocol;
import org.junit.jupiter.api.Test;

class SequenceLossTrackerTest {
  private static final byte[] A = {10, 0, 0, 1};
  private final SequenceLossTracker tracker = new SequenceLossTracker();

  @Test
  void shouldCountTheGapOfAStream() {
    assertThat(tracker.observe(A, 1, Protocol.NETFLOW_V9, 0, 10, 1)).isZero();
    assertThat(tracker.observe(A, 1, Protocol.NETFLOW_V9, 0, 11, 1)).isZero();
    assertThat(tracker.observe(A, 1, Protocol.NETFLOW_V9, 0, 15, 1)).isEqualTo(3);
  }

  @Test
  void shouldWrapAround2To32() {
    tracker.observe(A, 1, Protocol.IPFIX, 7, 0xFFFF_FFF0L, 0x10);
    assertThat(tracker.observe(A, 1, Protocol.IPFIX, 7, 0, 5)).isZero();
    assertThat(tracker.observe(A, 1, Protocol.IPFIX, 7, 7, 1)).isEqualTo(2);
  }

  @Test
  void shouldKeepStreamsApartByPortProtocolAndDomain() {
    tracker.observe(A, 1, Protocol.SFLOW_V5, 0, 100, 1);
    assertThat(tracker.observe(A, 2, Protocol.SFLOW_V5, 0, 500, 1)).isZero();
    assertThat(tracker.observe(A, 1, Protocol.SFLOW_V5, 1, 900, 1)).isZero();
    assertThat(tracker.observe(A, 1, Protocol.NETFLOW_V9, 0, 900, 1)).isZero();
    assertThat(tracker.observe(A, 1, Protocol.SFLOW_V5, 0, 101, 1)).isZero();
  }

  @Test
  void shouldTakeRestartsAndReorderingAsNoLoss() {
    tracker.observe(A, 1, Protocol.NETFLOW_V9, 0, 5000, 1);
    assertThat(tracker.observe(A, 1, Protocol.NETFLOW_V9, 0, 4999, 1)).isZero();
    assertThat(tracker.observe(A, 1, Protocol.NETFLOW_V9, 0, 0, 1)).isZero();
    assertThat(tracker.observe(A, 1, Protocol.NETFLOW_V9, 0, 1, 1)).isZero();
  }

  @Test
  void shouldAcceptRecordCountersThatIncludeTheCurrentMessage() {
    // softflowd's IPFIX: 19 records in the first message carry sequence 19, then 25 records carry 44.
    assertThat(tracker.observe(A, 1, Protocol.IPFIX, 0, 19, 19)).isZero();
    assertThat(tracker.observe(A, 1, Protocol.IPFIX, 0, 44, 25)).isZero();
    assertThat(tracker.observe(A, 1, Protocol.IPFIX, 0, 70, 26)).isZero();
    assertThat(tracker.observe(A, 1, Protocol.IPFIX, 0, 100, 20)).isEqualTo(10);
  }

  @Test
  void shouldKeepTheRfcConventionOnceAStreamShowedIt() {
    assertThat(tracker.observe(A, 1, Protocol.IPFIX, 0, 0, 10)).isZero();
    assertThat(tracker.observe(A, 1, Protocol.IPFIX, 0, 10, 30)).isZero();
    // 30 records lost: read as "including" this would be 0 - the stream already showed it counts before.
    assertThat(tracker.observe(A, 1, Protocol.IPFIX, 0, 70, 30)).isEqualTo(30);
  }
}

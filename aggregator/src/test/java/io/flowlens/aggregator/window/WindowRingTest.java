package io.flowlens.aggregator.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowRingTest {
  static final long MINUTE = 60_000;
  static final List<Duration> DEFAULTS =
      List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1));
  final WindowRing ring = new WindowRing(DEFAULTS, MINUTE, Duration.ofSeconds(30));

  @Test
  void shouldHopByTheGreatestCommonDivisorOfTheWindowsCappedAtOneMinute() {
    assertThat(WindowRing.hopMillis(DEFAULTS)).isEqualTo(MINUTE);
    assertThat(WindowRing.hopMillis(List.of(Duration.ofMinutes(5), Duration.ofHours(1)))).isEqualTo(MINUTE);
    assertThat(WindowRing.hopMillis(List.of(Duration.ofSeconds(30), Duration.ofMinutes(5)))).isEqualTo(30_000);
    // 90s and 3m: a 1m hop would cut the 90s window; 30s divides both.
    assertThat(WindowRing.hopMillis(List.of(Duration.ofSeconds(90), Duration.ofMinutes(3)))).isEqualTo(30_000);
    assertThatThrownBy(() -> new WindowRing(List.of(Duration.ofSeconds(90)), MINUTE, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldHoldTheLargestWindowAndTheSlotsThatCanStillTakeLateFlows() {
    assertThat(ring.slots()).isEqualTo(60 + 1 + 1);
    assertThat(ring.longs()).isEqualTo(4 * 62);
    assertThat(new WindowRing(DEFAULTS, MINUTE, Duration.ZERO).slots()).isEqualTo(61);
    assertThat(new WindowRing(DEFAULTS, MINUTE, Duration.ofSeconds(90)).slots()).isEqualTo(63);
    assertThat(new WindowRing(List.of(Duration.ofMinutes(5)), MINUTE, Duration.ofSeconds(30)).slots()).isEqualTo(7);
  }

  @Test
  void shouldEndTheWindowsAtTheLastBoundaryWhoseGraceHasPassed() {
    long t = 10 * 60 * MINUTE + 37 * MINUTE;
    assertThat(ring.boundary(t + 40_000)).isEqualTo(t);
    assertThat(ring.boundary(t + 29_999)).isEqualTo(t - MINUTE);
    assertThat(ring.boundary(t + 30_000)).isEqualTo(t);
  }

  @Test
  void shouldSumExactlyTheSlotsOfEachWindowBeforeTheBoundary() {
    long boundary = 1000 * MINUTE;
    long[] w = new long[ring.longs()];
    // Slot k minutes before the boundary (1 = the last completed one) holds k bytes; two slots after
    // the boundary (still open) hold a lot.
    for (int k = 1; k <= 61; k++) {
      assertThat(ring.add(w, boundary - k * MINUTE, k, 1, 1)).isTrue();
    }
    ring.add(w, boundary, 1_000_000, 1, 1);
    ring.add(w, boundary + MINUTE, 1_000_000, 1, 1);
    long[] out = new long[3 * 4];
    ring.sum(w, boundary, out);
    assertThat(out).containsExactly(
        1, 1, 1,
        15, 5, 5, // 5m = [T-5m, T): minutes 1..5
        120, 15, 15,
        1830, 60, 60); // 1h: minutes 1..60, not 61 nor the open slots
  }

  @Test
  void shouldCoverOnlyTheTimeSinceDataBeganAndMoveWithTheBoundary() {
    long boundary = 1000 * MINUTE;
    long[] w = new long[ring.longs()];
    ring.add(w, boundary - MINUTE, 100, 2, 1);
    long[] out = new long[12];
    ring.sum(w, boundary, out);
    assertThat(out).containsExactly(100, 2, 1, 100, 2, 1, 100, 2, 1, 100, 2, 1);
    ring.sum(w, boundary + 5 * MINUTE, out);
    assertThat(out).containsExactly(0, 0, 0, 0, 0, 0, 100, 2, 1, 100, 2, 1);
    ring.sum(w, boundary + 60 * MINUTE, out);
    assertThat(out).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  @Test
  void shouldRefuseASlotOlderThanTheRing() {
    long[] w = new long[ring.longs()];
    long s = 1000 * MINUTE;
    assertThat(ring.add(w, s, 1, 1, 1)).isTrue();
    assertThat(ring.add(w, s, 2, 1, 1)).isTrue();
    // 62 slots: the slot 62 minutes later reuses the position; the old slot is then gone for good.
    assertThat(ring.add(w, s + 62 * MINUTE, 7, 1, 1)).isTrue();
    assertThat(ring.add(w, s, 1, 1, 1)).isFalse();
    long[] out = new long[12];
    ring.sum(w, s + MINUTE, out);
    assertThat(out[9]).isZero();
    ring.sum(w, s + 63 * MINUTE, out);
    assertThat(out).containsExactly(7, 1, 1, 7, 1, 1, 7, 1, 1, 7, 1, 1);
  }

  @Test
  void shouldSumTheSameSlotsWhenAbsorbingKeepTheNewerOtherwiseAndSurviveTheSerde() {
    long s = 1000 * MINUTE;
    SeriesState a = SeriesState.empty(ring.longs(), 0).add(10, 1, 1, 5);
    ring.add(a.windows(), s, 10, 1, 1);
    ring.add(a.windows(), s + MINUTE, 5, 1, 1);
    ring.add(a.windows(), s + 2 * MINUTE, 4, 1, 1);
    SeriesState b = SeriesState.empty(ring.longs(), 0).add(20, 2, 2, 9);
    ring.add(b.windows(), s, 20, 2, 2);
    // 62 slots later: the position of a's s + 2m.
    ring.add(b.windows(), s + 64 * MINUTE, 3, 1, 1);
    SeriesState sum = a.absorb(b, 7);
    assertThat(sum.bytes()).isEqualTo(30);
    assertThat(sum.lastSeenMs()).isEqualTo(7);
    long[] out = new long[12];
    ring.sum(sum.windows(), s + 3 * MINUTE, out);
    // The same slot s summed; s + 2m gave way to the newer s + 64m.
    assertThat(out).containsExactly(0, 0, 0, 35, 4, 4, 35, 4, 4, 35, 4, 4);
    ring.sum(sum.windows(), s + 65 * MINUTE, out);
    assertThat(out).containsExactly(3, 1, 1, 3, 1, 1, 3, 1, 1, 3, 1, 1);
    byte[] bytes = SeriesState.serde().serializer().serialize("t", sum);
    assertThat(SeriesState.serde().deserializer().deserialize("t", bytes)).isEqualTo(sum);
  }

  @Test
  void shouldStoreOnlyTheSlotsThatHoldFlowsAndStillReadTheDenseLayout() {
    SeriesState s = SeriesState.empty(ring.longs(), 0).add(10, 1, 1, 5);
    ring.add(s.windows(), 1000 * MINUTE, 10, 1, 1);
    byte[] one = SeriesState.serde().serializer().serialize("t", s);
    assertThat(one).hasSize(40 + 4 + 36);
    assertThat(SeriesState.serde().deserializer().deserialize("t", one)).isEqualTo(s);
    assertThat(SeriesState.serde().deserializer().deserialize("t",
        SeriesState.serde().serializer().serialize("t", SeriesState.empty(ring.longs(), 3)))).isEqualTo(
        SeriesState.empty(ring.longs(), 3));

    ByteBuffer dense = ByteBuffer.allocate(40 + 8 * 24).putLong(7).putLong(2).putLong(1).putLong(9).putLong(0)
        .putLong(600_000).putLong(7).putLong(2).putLong(1);
    SeriesState old = SeriesState.serde().deserializer().deserialize("t", dense.array());
    assertThat(old.bytes()).isEqualTo(7);
    assertThat(old.windows()).hasSize(24).startsWith(600_000, 7, 2, 1);
    assertThat(ring.fit(old).windows()).hasSize(ring.longs()).containsOnly(0L);
  }

  @Test
  void shouldEmptyTheRingOfAValueWrittenUnderOtherWindows() {
    SeriesState old = new SeriesState(5, 1, 1, 3, 0, new long[4 * 12]);
    SeriesState fitted = ring.fit(old);
    assertThat(fitted.bytes()).isEqualTo(5);
    assertThat(fitted.windows()).hasSize(ring.longs()).containsOnly(0L);
  }
}

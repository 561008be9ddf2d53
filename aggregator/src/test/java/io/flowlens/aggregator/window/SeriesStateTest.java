package io.flowlens.aggregator.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesStateTest {
  static final long MINUTE = 60_000;
  final WindowRings rings = new WindowRings(List.of(Duration.ofMinutes(1), Duration.ofMinutes(5)), Duration.ofSeconds(30));

  @Test
  void shouldKeepAsManyWindowsAsTheGraceAndTheLastCompletedWindowNeed() {
    assertThat(SeriesState.slots(MINUTE, 30_000)).isEqualTo(3);
    assertThat(SeriesState.slots(MINUTE, 0)).isEqualTo(2);
    assertThat(SeriesState.slots(MINUTE, 90_000)).isEqualTo(4);
    assertThat(rings.longs()).isEqualTo(4 * 3 + 4 * 3);
  }

  @Test
  void shouldCountEachWindowInItsSlotAndOverwriteOnlyOlderWindows() {
    SeriesState s = SeriesState.empty(rings.longs(), 0);
    assertThat(s.addToWindow(rings.offset(0), rings.slots(0), MINUTE, 10 * MINUTE, 100, 1, 1)).isTrue();
    assertThat(s.addToWindow(rings.offset(0), rings.slots(0), MINUTE, 10 * MINUTE, 50, 1, 1)).isTrue();
    assertThat(s.addToWindow(rings.offset(0), rings.slots(0), MINUTE, 11 * MINUTE, 7, 1, 1)).isTrue();
    assertThat(s.window(rings.offset(0), rings.slots(0), MINUTE, 10 * MINUTE)).containsExactly(150, 2, 2);
    assertThat(s.window(rings.offset(0), rings.slots(0), MINUTE, 11 * MINUTE)).containsExactly(7, 1, 1);
    assertThat(s.window(rings.offset(0), rings.slots(0), MINUTE, 12 * MINUTE)).isNull();
    // Three slots: minute 13 takes minute 10's slot; minute 10 is then too old to count in.
    assertThat(s.addToWindow(rings.offset(0), rings.slots(0), MINUTE, 13 * MINUTE, 1, 1, 1)).isTrue();
    assertThat(s.window(rings.offset(0), rings.slots(0), MINUTE, 10 * MINUTE)).isNull();
    assertThat(s.addToWindow(rings.offset(0), rings.slots(0), MINUTE, 10 * MINUTE, 1, 1, 1)).isFalse();
    assertThat(s.window(rings.offset(1), rings.slots(1), 5 * MINUTE, 10 * MINUTE)).isNull();
  }

  @Test
  void shouldSumTheSameWindowsWhenAbsorbingAndSurviveTheSerde() {
    SeriesState a = SeriesState.empty(rings.longs(), 0).add(10, 1, 1, 5);
    a.addToWindow(rings.offset(0), rings.slots(0), MINUTE, 10 * MINUTE, 10, 1, 1);
    SeriesState b = SeriesState.empty(rings.longs(), 0).add(20, 2, 2, 9);
    b.addToWindow(rings.offset(0), rings.slots(0), MINUTE, 10 * MINUTE, 20, 2, 2);
    b.addToWindow(rings.offset(1), rings.slots(1), 5 * MINUTE, 10 * MINUTE, 20, 2, 2);
    SeriesState sum = a.absorb(b, 7);
    assertThat(sum.bytes()).isEqualTo(30);
    assertThat(sum.lastSeenMs()).isEqualTo(7);
    assertThat(sum.window(rings.offset(0), rings.slots(0), MINUTE, 10 * MINUTE)).containsExactly(30, 3, 3);
    assertThat(sum.window(rings.offset(1), rings.slots(1), 5 * MINUTE, 10 * MINUTE)).containsExactly(20, 2, 2);
    byte[] bytes = SeriesState.serde().serializer().serialize("t", sum);
    assertThat(SeriesState.serde().deserializer().deserialize("t", bytes)).isEqualTo(sum);
  }

  @Test
  void shouldEmptyTheRingsOfAValueWrittenUnderOtherWindows() {
    SeriesState old = new SeriesState(5, 1, 1, 3, 0, new long[4]);
    SeriesState fitted = rings.fit(old);
    assertThat(fitted.bytes()).isEqualTo(5);
    assertThat(fitted.windows()).hasSize(rings.longs()).containsOnly(0L);
  }
}

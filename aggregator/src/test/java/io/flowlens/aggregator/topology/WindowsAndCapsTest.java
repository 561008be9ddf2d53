package io.flowlens.aggregator.topology;

import static io.flowlens.aggregator.topology.Flows.flow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.flowlens.aggregator.enrich.AddressLookup;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WindowsAndCapsTest {
  static final Instant T0 = Instant.parse("2024-05-01T10:00:05Z");
  static final long NOW = T0.toEpochMilli();
  static final long MINUTE = 60_000;
  static final String SERVICES_1M = "flow_window_bytes{aggregation=\"services\",dst_port=\"443\",proto=\"6\",window=\"1m\"}";

  @TempDir Path stateDir;

  TopologyFixture fixture(String yaml) {
    return new TopologyFixture(yaml, AddressLookup.NONE, T0, stateDir);
  }

  @Test
  void shouldShowRollingWindowsUpToTheLastMinuteWhoseGraceHasPassed() {
    String services5m = "flow_window_bytes{aggregation=\"services\",dst_port=\"443\",proto=\"6\",window=\"5m\"}";
    try (TopologyFixture f = fixture("windows: [1m, 5m]\ngrace: 10s")) {
      // Both in the minute 10:00.
      f.send(flow("10.0.0.1", "10.0.0.2", NOW));
      f.send(flow("10.0.0.1", "10.0.0.2", NOW + 20_000).setBytes(500));
      f.advance(Duration.ofSeconds(1));

      Instant minuteEnd = T0.plusSeconds(55);
      assertThat(f.scrape(T0.plusSeconds(30))).doesNotContainKeys(SERVICES_1M, services5m);
      assertThat(f.scrape(minuteEnd.plusSeconds(9))).doesNotContainKeys(SERVICES_1M, services5m);
      // 10:01:10: boundary 10:01, 1m = [10:00, 10:01), 5m = [09:56, 10:01): the 5m window does not wait
      // for five minutes of history.
      Map<String, Double> closed = f.scrape(minuteEnd.plusSeconds(10));
      assertThat(closed).contains(entry(SERVICES_1M, 1500.0),
          entry("flow_window_packets{aggregation=\"services\",dst_port=\"443\",proto=\"6\",window=\"1m\"}", 20.0),
          entry("flow_window_flows{aggregation=\"services\",dst_port=\"443\",proto=\"6\",window=\"1m\"}", 2.0),
          entry("flow_bandwidth_bps{aggregation=\"services\",dst_port=\"443\",proto=\"6\",window=\"1m\"}", 1500 * 8 / 60.0),
          entry(services5m, 1500.0),
          // Over the window's nominal size, not the minute of history.
          entry("flow_bandwidth_bps{aggregation=\"services\",dst_port=\"443\",proto=\"6\",window=\"5m\"}", 1500 * 8 / 300.0));
      // 10:02:10: 1m = [10:01, 10:02) is empty; 5m = [09:57, 10:02) still holds 10:00.
      assertThat(f.scrape(minuteEnd.plusSeconds(70))).doesNotContainKey(SERVICES_1M).containsEntry(services5m, 1500.0);
      assertThat(f.scrape(minuteEnd.plusSeconds(4 * 60 + 10))).containsEntry(services5m, 1500.0);
      // 10:06:10: 5m = [10:01, 10:06).
      assertThat(f.scrape(minuteEnd.plusSeconds(5 * 60 + 10))).doesNotContainKey(services5m);
    }
  }

  @Test
  void shouldShowTheHourWindowAfterTheFirstCompletedMinute() {
    String hour = "flow_window_bytes{aggregation=\"services\",dst_port=\"443\",proto=\"6\",window=\"1h\"}";
    try (TopologyFixture f = fixture("")) {
      f.send(flow("10.0.0.1", "10.0.0.2", NOW));
      f.advance(Duration.ofSeconds(1));
      // Defaults: 1m hop, 30s grace. 10:01:29 still shows [09:00, 10:00); 10:01:30 shows [09:01, 10:01).
      assertThat(f.scrape(T0.plusSeconds(84))).doesNotContainKey(hour);
      assertThat(f.scrape(T0.plusSeconds(85))).containsEntry(hour, 1000.0).containsEntry(
          "flow_bandwidth_bps{aggregation=\"services\",dst_port=\"443\",proto=\"6\",window=\"1h\"}", 1000 * 8 / 3600.0);
      // Still there 59 minutes later, gone once 10:00 leaves the hour.
      assertThat(f.scrape(T0.plusSeconds(85 + 59 * 60))).containsEntry(hour, 1000.0);
      assertThat(f.scrape(T0.plusSeconds(85 + 60 * 60))).doesNotContainKey(hour);
    }
  }

  @Test
  void shouldSumExactlyTheMinutesOfTheFiveMinuteWindowBeforeTheBoundary() {
    String services5m = "flow_window_bytes{aggregation=\"services\",dst_port=\"443\",proto=\"6\",window=\"5m\"}";
    try (TopologyFixture f = fixture("grace: 30s")) {
      // Minute 10:0k carries 2^k bytes, k = 0..7.
      for (int k = 0; k <= 7; k++) {
        f.send(flow("10.0.0.1", "10.0.0.2", NOW + k * MINUTE).setBytes(1L << k));
        f.advance(Duration.ofSeconds(1));
      }
      // 10:07:40: boundary 10:07; 5m = [10:02, 10:07) = 2^2 + ... + 2^6; 1m = 10:06; 1h = 10:00..10:06.
      Map<String, Double> s = f.scrape(Instant.parse("2024-05-01T10:07:40Z"));
      assertThat(s).containsEntry(services5m, (double) (4 + 8 + 16 + 32 + 64))
          .containsEntry(SERVICES_1M, 64.0)
          .containsEntry("flow_window_bytes{aggregation=\"services\",dst_port=\"443\",proto=\"6\",window=\"1h\"}", 127.0)
          .containsEntry("flow_window_flows{aggregation=\"services\",dst_port=\"443\",proto=\"6\",window=\"5m\"}", 5.0);
      // 10:07:20: the grace of 10:07 has not passed; boundary 10:06.
      assertThat(f.scrape(Instant.parse("2024-05-01T10:07:20Z"))).containsEntry(services5m, (double) (2 + 4 + 8 + 16 + 32));
    }
  }

  @Test
  void shouldSkipWindowUpdatesLaterThanTheGraceButKeepThemInTheTotals() {
    try (TopologyFixture f = fixture("windows: [1m, 5m]\ngrace: 10s")) {
      f.send(flow("10.0.0.1", "10.0.0.2", NOW));
      f.advance(Duration.ofSeconds(1));
      f.send(flow("10.0.0.1", "10.0.0.2", NOW + 2 * MINUTE));
      f.advance(Duration.ofSeconds(1));
      // For 10:00, whose grace ended at 10:01:10: stream time is 10:02.
      f.send(flow("10.0.0.1", "10.0.0.2", NOW + 1000).setBytes(7));
      f.advance(Duration.ofSeconds(1));

      assertThat(f.scrape(T0.plusSeconds(55 + 10))).containsEntry(SERVICES_1M, 1000.0);
      assertThat(f.scrape(T0.plusSeconds(55 + 3 * 60 + 10))).containsEntry(
          "flow_window_bytes{aggregation=\"services\",dst_port=\"443\",proto=\"6\",window=\"5m\"}", 2000.0);
      assertThat(f.scrape(T0)).containsEntry("flow_bytes_total{aggregation=\"services\",dst_port=\"443\",proto=\"6\"}", 2007.0);
      // One late delta per aggregation (talkers, services, geo, asn, interfaces in and out), each missing both sizes.
      for (String w : new String[] {"1m", "5m"}) {
        assertThat(f.registry.get("flow_aggregator_late_window_updates").tag("window", w).counter().count()).isEqualTo(6.0);
      }
    }
  }

  @Test
  void shouldPlaceFlowsByTheirEndTimeWithTheFlowEndClock() {
    long previousMinute = NOW - MINUTE;
    try (TopologyFixture f = fixture("windows: [1m]\ngrace: 0s\nclock: flow_end")) {
      f.send(flow("10.0.0.1", "10.0.0.2", NOW).setFlowEndMs(previousMinute));
      f.advance(Duration.ofSeconds(1));
      // The flow ended in 09:59; it was received in 10:00.
      assertThat(f.scrape(T0)).containsEntry(SERVICES_1M, 1000.0);
    }
    try (TopologyFixture f = new TopologyFixture("windows: [1m]\ngrace: 0s", AddressLookup.NONE, T0, stateDir.resolve("r"))) {
      f.send(flow("10.0.0.1", "10.0.0.2", NOW).setFlowEndMs(previousMinute));
      f.advance(Duration.ofSeconds(1));
      assertThat(f.scrape(T0)).doesNotContainKey(SERVICES_1M);
      assertThat(f.scrape(T0.plusSeconds(55))).containsEntry(SERVICES_1M, 1000.0);
    }
  }

  @Test
  void shouldKeepAtMostMaxSeriesAndSumTheRestIntoOther() {
    String yaml = """
        interfaces: {enabled: false}
        aggregations:
          - {name: talkers, dimensions: [src_ip, dst_ip], max_series: 5}
        """;
    try (TopologyFixture f = fixture(yaml)) {
      for (int i = 1; i <= 20; i++) {
        f.send(flow("10.0.0." + i, "10.0.1.1", NOW).setBytes(100 * i).setPackets(i));
      }
      f.advance(Duration.ofSeconds(1));

      Map<String, Double> s = f.scrape(T0);
      Map<String, Double> bytes = Map.copyOf(s.entrySet().stream().filter(e -> e.getKey().startsWith("flow_bytes_total"))
          .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
      assertThat(bytes).hasSize(6).containsKey(
          "flow_bytes_total{aggregation=\"talkers\",dst_ip=\"__other__\",src_ip=\"__other__\"}");
      assertThat(bytes.values().stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(100.0 * 20 * 21 / 2);
      assertThat(s).containsEntry("flow_aggregator_series{aggregation=\"talkers\"}", 5.0);
    }
  }

  @Test
  void shouldLetHeavierSeriesInAndMoveTheFoldedTotalsIntoOther() {
    String yaml = """
        interfaces: {enabled: false}
        maintenance_interval: 10s
        aggregations:
          - {name: talkers, dimensions: [src_ip], max_series: 2}
        """;
    try (TopologyFixture f = fixture(yaml)) {
      f.send(flow("10.0.0.1", "10.0.1.1", NOW).setBytes(10));
      f.send(flow("10.0.0.2", "10.0.1.1", NOW).setBytes(20));
      f.advance(Duration.ofSeconds(10));
      // Both residents are quiet now; a newcomer brings 5000 bytes.
      f.send(flow("10.0.0.3", "10.0.1.1", NOW).setBytes(5000));
      f.advance(Duration.ofSeconds(1));
      assertThat(f.scrape(T0)).containsEntry("flow_bytes_total{aggregation=\"talkers\",src_ip=\"__other__\"}", 5000.0);
      f.advance(Duration.ofSeconds(10));
      f.send(flow("10.0.0.3", "10.0.1.1", NOW).setBytes(1));
      f.advance(Duration.ofSeconds(1));

      // 10:01:30: the 1m window is the minute 10:00, in which every flow was.
      Map<String, Double> s = f.scrape(T0.plusSeconds(85));
      assertThat(s).contains(
          entry("flow_bytes_total{aggregation=\"talkers\",src_ip=\"10.0.0.3\"}", 1.0),
          entry("flow_bytes_total{aggregation=\"talkers\",src_ip=\"__other__\"}", 5010.0),
          entry("flow_bytes_total{aggregation=\"talkers\",src_ip=\"10.0.0.2\"}", 20.0),
          // The folded 10.0.0.1 moved its slot into __other__: its 10 bytes stay in the windows.
          entry("flow_window_bytes{aggregation=\"talkers\",src_ip=\"__other__\",window=\"1m\"}", 5010.0),
          entry("flow_window_bytes{aggregation=\"talkers\",src_ip=\"__other__\",window=\"1h\"}", 5010.0),
          entry("flow_window_bytes{aggregation=\"talkers\",src_ip=\"10.0.0.3\",window=\"1m\"}", 1.0));
      assertThat(s).doesNotContainKeys("flow_bytes_total{aggregation=\"talkers\",src_ip=\"10.0.0.1\"}",
          "flow_window_bytes{aggregation=\"talkers\",src_ip=\"10.0.0.1\",window=\"1m\"}");
    }
  }

  @Test
  void shouldExpireIdleSeries() {
    String yaml = """
        series_idle_expiry: 1m
        maintenance_interval: 30s
        """;
    try (TopologyFixture f = fixture(yaml)) {
      f.send(flow("10.0.0.1", "10.0.1.1", NOW));
      f.advance(Duration.ofSeconds(30));
      assertThat(f.scrape(T0)).containsEntry("flow_aggregator_series{aggregation=\"talkers\"}", 1.0);
      f.advance(Duration.ofSeconds(60));
      assertThat(f.scrape(T0)).containsEntry("flow_aggregator_series{aggregation=\"talkers\"}", 0.0)
          .doesNotContainKey("flow_bytes_total{aggregation=\"talkers\",dst_ip=\"10.0.1.1\",proto=\"6\",src_ip=\"10.0.0.1\"}");
    }
  }
}

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
  void shouldShowAWindowOnlyOnceItAndItsGraceHaveEnded() {
    try (TopologyFixture f = fixture("windows: [1m, 5m]\ngrace: 10s")) {
      f.send(flow("10.0.0.1", "10.0.0.2", NOW));
      f.send(flow("10.0.0.1", "10.0.0.2", NOW + 20_000).setBytes(500));
      f.advance(Duration.ofSeconds(1));

      Instant windowEnd = T0.plusSeconds(55);
      assertThat(f.scrape(T0.plusSeconds(30))).doesNotContainKey(SERVICES_1M);
      assertThat(f.scrape(windowEnd.plusSeconds(9))).doesNotContainKey(SERVICES_1M);
      Map<String, Double> closed = f.scrape(windowEnd.plusSeconds(10));
      assertThat(closed).contains(entry(SERVICES_1M, 1500.0),
          entry("flow_window_packets{aggregation=\"services\",dst_port=\"443\",proto=\"6\",window=\"1m\"}", 20.0),
          entry("flow_window_flows{aggregation=\"services\",dst_port=\"443\",proto=\"6\",window=\"1m\"}", 2.0),
          entry("flow_bandwidth_bps{aggregation=\"services\",dst_port=\"443\",proto=\"6\",window=\"1m\"}", 1500 * 8 / 60.0));
      assertThat(closed).doesNotContainKey(
          "flow_window_bytes{aggregation=\"services\",dst_port=\"443\",proto=\"6\",window=\"5m\"}");
      assertThat(f.scrape(windowEnd.plusSeconds(70))).doesNotContainKey(SERVICES_1M);
      assertThat(f.scrape(T0.plusSeconds(5 * 60 - 5 + 10))).containsEntry(
          "flow_window_bytes{aggregation=\"services\",dst_port=\"443\",proto=\"6\",window=\"5m\"}", 1500.0);
    }
  }

  @Test
  void shouldSkipWindowUpdatesLaterThanTheGraceButKeepThemInTheTotals() {
    try (TopologyFixture f = fixture("windows: [1m]\ngrace: 10s")) {
      f.send(flow("10.0.0.1", "10.0.0.2", NOW));
      f.advance(Duration.ofSeconds(1));
      f.send(flow("10.0.0.1", "10.0.0.2", NOW + 2 * MINUTE));
      f.advance(Duration.ofSeconds(1));
      f.send(flow("10.0.0.1", "10.0.0.2", NOW + 1000).setBytes(7));
      f.advance(Duration.ofSeconds(1));

      assertThat(f.scrape(T0.plusSeconds(55 + 10))).containsEntry(SERVICES_1M, 1000.0);
      assertThat(f.scrape(T0)).containsEntry("flow_bytes_total{aggregation=\"services\",dst_port=\"443\",proto=\"6\"}", 2007.0);
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

      Map<String, Double> s = f.scrape(T0);
      assertThat(s).contains(
          entry("flow_bytes_total{aggregation=\"talkers\",src_ip=\"10.0.0.3\"}", 1.0),
          entry("flow_bytes_total{aggregation=\"talkers\",src_ip=\"__other__\"}", 5010.0),
          entry("flow_bytes_total{aggregation=\"talkers\",src_ip=\"10.0.0.2\"}", 20.0));
      assertThat(s).doesNotContainKey("flow_bytes_total{aggregation=\"talkers\",src_ip=\"10.0.0.1\"}");
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

package io.flowlens.aggregator.topology;

import static io.flowlens.aggregator.topology.Flows.flow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.flowlens.aggregator.enrich.AddressLookup;
import io.flowlens.aggregator.enrich.GeoInfo;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowTopologyTest {
  /** 5 s into a minute, so windows of every size are easy to place. */
  static final Instant T0 = Instant.parse("2024-05-01T10:00:05Z");
  static final long NOW = T0.toEpochMilli();

  static final AddressLookup GEO = address -> switch (address[0]) {
    case 8 -> new GeoInfo("US", "Mountain View", 37.4, -122.1, 15169, "Google LLC");
    case 1 -> new GeoInfo("AU", "Sydney", -33.9, 151.2, 13335, "Cloudflare, Inc.");
    default -> GeoInfo.UNKNOWN;
  };

  @TempDir Path stateDir;

  TopologyFixture fixture(String yaml, AddressLookup lookup) {
    return new TopologyFixture(yaml, lookup, T0, stateDir);
  }

  @Test
  void shouldCountEveryShippedAggregation() {
    try (TopologyFixture f = fixture("", GEO)) {
      f.send(flow("10.0.0.1", "8.8.8.8", NOW));
      f.send(flow("10.0.0.1", "8.8.8.8", NOW).setBytes(500).setPackets(5));
      f.send(flow("10.0.0.2", "1.1.1.1", NOW).setProto(17).setDstPort(53).setBytes(100).setPackets(1));
      f.advance(Duration.ofSeconds(1));

      Map<String, Double> s = f.scrape(T0);
      assertThat(s).contains(
          entry("flow_bytes_total{aggregation=\"talkers\",dst_ip=\"8.8.8.8\",proto=\"6\",src_ip=\"10.0.0.1\"}", 1500.0),
          entry("flow_packets_total{aggregation=\"talkers\",dst_ip=\"8.8.8.8\",proto=\"6\",src_ip=\"10.0.0.1\"}", 15.0),
          entry("flow_flows_total{aggregation=\"talkers\",dst_ip=\"8.8.8.8\",proto=\"6\",src_ip=\"10.0.0.1\"}", 2.0),
          entry("flow_bytes_total{aggregation=\"talkers\",dst_ip=\"1.1.1.1\",proto=\"17\",src_ip=\"10.0.0.2\"}", 100.0),
          entry("flow_bytes_total{aggregation=\"services\",dst_port=\"443\",proto=\"6\"}", 1500.0),
          entry("flow_bytes_total{aggregation=\"services\",dst_port=\"53\",proto=\"17\"}", 100.0),
          entry("flow_bytes_total{aggregation=\"geo\",dst_country=\"US\",src_country=\"\"}", 1500.0),
          entry("flow_bytes_total{aggregation=\"geo\",dst_country=\"AU\",src_country=\"\"}", 100.0),
          entry("flow_bytes_total{aggregation=\"asn\",dst_as_org=\"Google LLC\",dst_asn=\"15169\",src_as_org=\"\",src_asn=\"0\"}",
              1500.0),
          entry("flow_bytes_total{aggregation=\"asn\",dst_as_org=\"Cloudflare, Inc.\",dst_asn=\"13335\",src_as_org=\"\",src_asn=\"0\"}",
              100.0),
          entry("flow_aggregator_series{aggregation=\"talkers\"}", 2.0));
      assertThat(f.metrics.processedCount()).isEqualTo(3);
    }
  }

  @Test
  void shouldCreditInputInterfaceAsInAndOutputInterfaceAsOut() {
    try (TopologyFixture f = fixture("", AddressLookup.NONE)) {
      f.send(flow("10.0.0.1", "10.0.0.2", NOW).setInIf(3).setOutIf(7));
      f.send(flow("10.0.0.2", "10.0.0.1", NOW).setInIf(7).setOutIf(3).setBytes(200));
      f.advance(Duration.ofSeconds(1));

      Map<String, Double> s = f.scrape(T0);
      assertThat(s).contains(
          entry("flow_bytes_total{aggregation=\"interfaces\",direction=\"in\",exporter=\"192.0.2.1\",interface=\"3\"}", 1000.0),
          entry("flow_bytes_total{aggregation=\"interfaces\",direction=\"out\",exporter=\"192.0.2.1\",interface=\"7\"}", 1000.0),
          entry("flow_bytes_total{aggregation=\"interfaces\",direction=\"in\",exporter=\"192.0.2.1\",interface=\"7\"}", 200.0),
          entry("flow_bytes_total{aggregation=\"interfaces\",direction=\"out\",exporter=\"192.0.2.1\",interface=\"3\"}", 200.0));
      assertThat(s.keySet().stream().filter(k -> k.startsWith("flow_bytes_total{aggregation=\"interfaces\""))).hasSize(4);
    }
  }

  @Test
  void shouldScaleBytesAndPacketsBySamplingRateCountingZeroAsOne() {
    try (TopologyFixture f = fixture("", AddressLookup.NONE)) {
      f.send(flow("10.0.0.1", "10.0.0.2", NOW).setSamplingRate(512));
      f.send(flow("10.0.0.1", "10.0.0.2", NOW).setSamplingRate(0));
      f.advance(Duration.ofSeconds(1));

      assertThat(f.scrape(T0)).contains(
          entry("flow_bytes_total{aggregation=\"talkers\",dst_ip=\"10.0.0.2\",proto=\"6\",src_ip=\"10.0.0.1\"}", 513_000.0),
          entry("flow_packets_total{aggregation=\"talkers\",dst_ip=\"10.0.0.2\",proto=\"6\",src_ip=\"10.0.0.1\"}", 5130.0),
          entry("flow_flows_total{aggregation=\"talkers\",dst_ip=\"10.0.0.2\",proto=\"6\",src_ip=\"10.0.0.1\"}", 2.0));
    }
  }

  @Test
  void shouldNormaliseIpv4MappedIpv6AddressesToIpv4() {
    try (TopologyFixture f = fixture("", AddressLookup.NONE)) {
      f.send(flow("::ffff:10.0.0.1", "10.0.0.2", NOW));
      f.send(flow("10.0.0.1", "10.0.0.2", NOW));
      f.send(flow("2001:db8::1", "10.0.0.2", NOW));
      f.advance(Duration.ofSeconds(1));

      Map<String, Double> s = f.scrape(T0);
      assertThat(s).contains(
          entry("flow_bytes_total{aggregation=\"talkers\",dst_ip=\"10.0.0.2\",proto=\"6\",src_ip=\"10.0.0.1\"}", 2000.0),
          entry("flow_bytes_total{aggregation=\"talkers\",dst_ip=\"10.0.0.2\",proto=\"6\",src_ip=\"2001:db8::1\"}",
              1000.0));
    }
  }

  @Test
  void shouldTruncateAddressesToTheConfiguredPrefix() {
    String yaml = """
        aggregations:
          - {name: subnets, dimensions: [src_ip, dst_ip], src_prefix: 24, dst_prefix6: 48}
        """;
    try (TopologyFixture f = fixture(yaml, AddressLookup.NONE)) {
      f.send(flow("10.1.2.3", "2001:db8:aa:bb::1", NOW));
      f.send(flow("10.1.2.200", "2001:db8:aa:cc::2", NOW));
      f.advance(Duration.ofSeconds(1));

      assertThat(f.scrape(T0)).contains(entry(
          "flow_bytes_total{aggregation=\"subnets\",dst_ip=\"2001:db8:aa::/48\",src_ip=\"10.1.2.0/24\"}", 2000.0));
    }
  }

  @Test
  void shouldWriteEveryAddressLabelInRfc5952Form() {
    try (TopologyFixture f = fixture("", AddressLookup.NONE)) {
      f.send(flow("2001:DB8:0:0:1:0:0:1", "2001:db8:0:0:0:0:2:0", NOW).setExporterAddress(Flows.address("fe80:0:0:1::a")));
      f.advance(Duration.ofSeconds(1));

      assertThat(f.scrape(T0)).containsKeys(
          "flow_bytes_total{aggregation=\"talkers\",dst_ip=\"2001:db8::2:0\",proto=\"6\",src_ip=\"2001:db8::1:0:0:1\"}",
          "flow_bytes_total{aggregation=\"interfaces\",direction=\"in\",exporter=\"fe80:0:0:1::a\",interface=\"1\"}");
    }
  }

  @Test
  void shouldDropUnusableRecordsCountingEachReason() {
    try (TopologyFixture f = fixture("", AddressLookup.NONE)) {
      f.send(flow("10.0.0.1", "10.0.0.2", NOW).setSrcAddr(ByteBuffer.allocate(0)));
      f.send(flow("10.0.0.1", "10.0.0.2", NOW).setDstAddr(ByteBuffer.allocate(5)));
      f.send(flow("10.0.0.1", "10.0.0.2", NOW).setBytes(0));
      f.send(flow("10.0.0.1", "10.0.0.2", NOW).setBytes(-5));
      f.send(flow("10.0.0.1", "10.0.0.2", NOW).setPackets(-1));
      f.send(flow("10.0.0.1", "10.0.0.2", 0));
      f.raw.pipeInput(null, new byte[] {1, 2, 3});
      f.send(flow("10.0.0.1", "10.0.0.2", NOW));
      f.advance(Duration.ofSeconds(1));

      assertThat(f.metrics.droppedCount(DropReason.NO_ADDRESS)).isEqualTo(1);
      assertThat(f.metrics.droppedCount(DropReason.BAD_ADDRESS)).isEqualTo(1);
      assertThat(f.metrics.droppedCount(DropReason.NO_BYTES)).isEqualTo(2);
      assertThat(f.metrics.droppedCount(DropReason.NEGATIVE_COUNTER)).isEqualTo(1);
      assertThat(f.metrics.droppedCount(DropReason.NO_TIMESTAMP)).isEqualTo(1);
      assertThat(f.metrics.droppedCount(DropReason.UNDECODABLE)).isEqualTo(1);
      assertThat(f.metrics.processedCount()).isEqualTo(1);
      assertThat(f.scrape(T0)).contains(
          entry("flow_flows_total{aggregation=\"talkers\",dst_ip=\"10.0.0.2\",proto=\"6\",src_ip=\"10.0.0.1\"}", 1.0));
    }
  }

  @Test
  void shouldCountWithoutTheCombinerToo() {
    try (TopologyFixture f = fixture("combiner: false", AddressLookup.NONE)) {
      f.send(flow("10.0.0.1", "10.0.0.2", NOW));
      f.send(flow("10.0.0.1", "10.0.0.2", NOW));

      assertThat(f.scrape(T0)).contains(
          entry("flow_bytes_total{aggregation=\"services\",dst_port=\"443\",proto=\"6\"}", 2000.0));
    }
  }

  @Test
  void shouldHoldCombinedSumsUntilTheFlush() {
    try (TopologyFixture f = fixture("commit_interval: 5s", AddressLookup.NONE)) {
      f.send(flow("10.0.0.1", "10.0.0.2", NOW));
      assertThat(f.scrape(T0)).doesNotContainKey("flow_bytes_total{aggregation=\"services\",dst_port=\"443\",proto=\"6\"}");
      f.advance(Duration.ofSeconds(5));
      assertThat(f.scrape(T0)).containsEntry("flow_bytes_total{aggregation=\"services\",dst_port=\"443\",proto=\"6\"}", 1000.0);
    }
  }
}

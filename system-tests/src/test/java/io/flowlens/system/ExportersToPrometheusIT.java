package io.flowlens.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowlens.decoders.testing.ExporterTools;
import io.flowlens.decoders.testing.GroundTruth;
import io.flowlens.decoders.testing.KnownTraffic;
import io.flowlens.operations.ExternalTool;
import io.flowlens.operations.PrometheusServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end proof: Debian's real exporters — softflowd (NetFlow v9 over IPv4, IPFIX over
 * IPv6) and pmacctd's sfprobe (sFlow) — export pcaps of known traffic to {@code all-in-one}; a real
 * Prometheus scrapes its {@code /metrics}; {@code sum by (src_ip, dst_ip, proto)
 * (flow_bytes_total{aggregation="talkers"})} (and packets) must equal the pcaps' ground truth exactly,
 * and {@code promtool check metrics} must find nothing wrong with the exposition.
 */
class ExportersToPrometheusIT {
  @TempDir Path dir;

  @Test
  void shouldCountEveryFlowOfRealExportersExactlyInPrometheus() throws Exception {
    ExporterTools.require("softflowd");
    ExporterTools.require("pmacctd");
    ExternalTool.require("prometheus");
    ExternalTool promtool = ExternalTool.require("promtool");
    // Three exporters, three disjoint sets of flows, so that each expectation has one source.
    KnownTraffic netflow = new KnownTraffic(40, 10);
    KnownTraffic ipfix = new KnownTraffic(40, 20);
    KnownTraffic sflow = new KnownTraffic(40, 30);
    Map<String, GroundTruth.Totals> expected = new TreeMap<>();
    expected.putAll(byTalker(netflow.totals(false)));
    expected.putAll(byTalker(ipfix.totals(false)));
    expected.putAll(byTalker(sflow.totals(true)));

    try (AllInOneFixture flowlens = AllInOneFixture.start(dir, false, "commit_interval: 500ms\nwindows: [1m]");
        PrometheusServer prometheus = PrometheusServer.startScraping("127.0.0.1:" + flowlens.httpPort(), List.of())) {
      Path pcap = dir.resolve("netflow.pcap");
      netflow.write(pcap, 0);
      ExporterTools.softflowd(pcap, 9, "127.0.0.1:" + flowlens.listenerPort(AllInOneFixture.NETFLOW9), dir);
      pcap = dir.resolve("ipfix.pcap");
      ipfix.write(pcap, 0);
      ExporterTools.softflowd(pcap, 10, "[::1]:" + flowlens.listenerPort(AllInOneFixture.IPFIX), dir);
      pcap = dir.resolve("sflow.pcap");
      sflow.write(pcap, 60);
      ExporterTools.pmacctdSflow(pcap, "127.0.0.1:" + flowlens.listenerPort(AllInOneFixture.SFLOW), dir);

      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
        Map<String, Double> bytes = talkers(prometheus, "flow_bytes_total");
        Map<String, Double> packets = talkers(prometheus, "flow_packets_total");
        assertThat(bytes).isEqualTo(expected.entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> (double) e.getValue().bytes(), (a, b) -> a, TreeMap::new)));
        assertThat(packets).isEqualTo(expected.entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> (double) e.getValue().packets(), (a, b) -> a, TreeMap::new)));
      });

      String scrape = flowlens.get("/metrics").body();
      assertThat(scrape).doesNotContainPattern("flow_dropped_records_total\\{[^}]*} [1-9]");
      Path exposition = Files.writeString(dir.resolve("metrics.txt"), scrape);
      Process check = new ProcessBuilder(promtool.executable().toString(), "check", "metrics")
          .redirectInput(exposition.toFile()).redirectErrorStream(true).start();
      String problems = new String(check.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(check.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(problems).as("promtool check metrics").isEmpty();
      assertThat(check.exitValue()).isZero();
    }
  }

  /** The per-flow totals summed per (src, dst, proto): the labels of the talkers aggregation. */
  private static Map<String, GroundTruth.Totals> byTalker(Map<String, GroundTruth.Totals> flows) {
    Map<String, GroundTruth.Totals> out = new TreeMap<>();
    flows.forEach((key, totals) -> {
      String[] f = key.split(" "); // src sport > dst dport proto
      out.merge(f[0] + " " + f[3] + " " + f[5], totals, GroundTruth.Totals::plus);
    });
    return out;
  }

  /** The query's result per "src dst proto", without the sFlow filler flow (192.0.2.1 -> 192.0.2.2). */
  private static Map<String, Double> talkers(PrometheusServer prometheus, String counter) {
    Map<String, Double> out = new TreeMap<>();
    for (PrometheusServer.Sample s : prometheus.query(
        "sum by (src_ip, dst_ip, proto) (" + counter + "{aggregation=\"talkers\"})")) {
      String key = s.labels().get("src_ip") + " " + s.labels().get("dst_ip") + " " + s.labels().get("proto");
      if (!key.startsWith("192.0.2.1 ")) {
        out.put(key, s.value());
      }
    }
    return out;
  }
}

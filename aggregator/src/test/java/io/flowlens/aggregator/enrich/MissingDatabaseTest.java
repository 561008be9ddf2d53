package io.flowlens.aggregator.enrich;

import static io.flowlens.aggregator.enrich.GeoIpEnricherTest.config;
import static io.flowlens.aggregator.enrich.GeoIpEnricherTest.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowlens.configuration.MetricsConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No database files: the aggregator runs without enrichment, warns once and picks up files that appear. */
class MissingDatabaseTest {
  @TempDir Path dir;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void shouldRunWithoutEnrichmentWarnOnceAndLoadADatabaseThatAppearsLater() throws Exception {
    Path city = dir.resolve("GeoLite2-City.mmdb");
    Path asn = dir.resolve("GeoLite2-ASN.mmdb");
    try (CapturedLog log = new CapturedLog(WatchedDatabase.class);
        GeoIpEnricher enricher = new GeoIpEnricher(config("city_database: " + city + "\nasn_database: " + asn
            + "\nreload_check_interval: 100ms\n"), registry, new MetricsConfig())) {
      enricher.start();

      assertThat(enricher.lookup(ip("8.8.8.8"))).isEqualTo(GeoInfo.UNKNOWN);
      assertThat(registry.get("flow_geoip_database_loaded").tag("database", "city").gauge().value()).isZero();
      assertThat(registry.get("flow_geoip_database_age_seconds").tag("database", "asn").gauge().value()).isNaN();
      Thread.sleep(500); // five checks
      assertThat(log.warnings()).hasSize(2);
      assertThat(log.warnings()).anySatisfy(w -> assertThat(w).contains(city.toString()).contains("not found")
          .contains("running without country and city enrichment"));
      assertThat(log.warnings()).anySatisfy(w -> assertThat(w).contains(asn.toString()).contains("not found"));

      GeoLite2Files.copy(GeoLite2Files.ASN, asn);
      await().atMost(Duration.ofSeconds(10))
          .until(() -> enricher.lookup(ip("8.8.8.8")).equals(new GeoInfo("", "", Double.NaN, Double.NaN, 15169,
              "Google LLC")));
      assertThat(registry.get("flow_geoip_database_loaded").tag("database", "asn").gauge().value()).isEqualTo(1);
      assertThat(registry.get("flow_geoip_database_loaded").tag("database", "city").gauge().value()).isZero();
    }
  }

  @Test
  void shouldAnswerUnknownWithNoDatabaseConfigured() throws Exception {
    try (GeoIpEnricher enricher = new GeoIpEnricher(config(""), registry, new MetricsConfig())) {
      enricher.start();

      assertThat(enricher.lookup(ip("8.8.8.8"))).isEqualTo(GeoInfo.UNKNOWN);
      assertThat(enricher.lookup(ip("2001:4860:4860::8888"))).isEqualTo(GeoInfo.UNKNOWN);
      assertThat(registry.get("flow_geoip_database_loaded").tag("database", "city").gauge().value()).isZero();
      assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("flowlens-geoip-reload"));
    }
  }
}

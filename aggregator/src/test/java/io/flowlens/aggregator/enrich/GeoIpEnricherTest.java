package io.flowlens.aggregator.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.flowlens.configuration.ConfigLoader;
import io.flowlens.configuration.MetricsConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lookups against the real GeoLite2 City and ASN databases of November 2019. */
class GeoIpEnricherTest {
  @TempDir static Path databases;
  static Path city;
  static Path asn;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private GeoIpEnricher enricher;

  @BeforeAll
  static void copyDatabases() {
    city = GeoLite2Files.copy(GeoLite2Files.CITY, databases.resolve("GeoLite2-City.mmdb"));
    asn = GeoLite2Files.copy(GeoLite2Files.ASN, databases.resolve("GeoLite2-ASN.mmdb"));
  }

  @BeforeEach
  void start() throws Exception {
    enricher = new GeoIpEnricher(config("city_database: " + city + "\nasn_database: " + asn + "\n"), registry,
        new MetricsConfig());
    enricher.start();
  }

  @AfterEach
  void close() {
    enricher.close();
  }

  static GeoIpConfig config(String yaml) throws Exception {
    return new ConfigLoader(Map.of()).parse(yaml, GeoIpConfig.class, "test");
  }

  static byte[] ip(String literal) throws Exception {
    return InetAddress.getByName(literal).getAddress();
  }

  @Test
  void shouldPlaceAPublicIpv4AddressInItsCityAndAs() throws Exception {
    GeoInfo info = enricher.lookup(ip("81.2.69.142"));

    assertThat(info.country()).isEqualTo("GB");
    assertThat(info.city()).isEqualTo("Abingdon");
    assertThat(info.latitude()).isCloseTo(51.7095, within(1e-6));
    assertThat(info.longitude()).isCloseTo(-1.3614, within(1e-6));
    assertThat(info.asn()).isEqualTo(20712);
    assertThat(info.asOrganization()).isEqualTo("Andrews & Arnold Ltd");
  }

  @Test
  void shouldGiveGoogleDnsItsCountryLocationAndAsWithoutACity() throws Exception {
    // The 2019 City database places 8.8.8.8 at the centre of the US, with no city.
    assertThat(enricher.lookup(ip("8.8.8.8")))
        .isEqualTo(new GeoInfo("US", "", 37.751, -97.822, 15169, "Google LLC"));
    assertThat(enricher.lookup(ip("1.1.1.1")))
        .isEqualTo(new GeoInfo("AU", "", -33.494, 143.2104, 13335, "Cloudflare, Inc."));
    assertThat(enricher.lookup(ip("128.101.101.101")))
        .isEqualTo(new GeoInfo("US", "Minneapolis", 44.9399, -93.2548, 217, "University of Minnesota"));
  }

  @Test
  void shouldPlaceIpv6Addresses() throws Exception {
    assertThat(enricher.lookup(ip("2001:4860:4860::8888")))
        .isEqualTo(new GeoInfo("US", "", 37.751, -97.822, 15169, "Google LLC"));
    assertThat(enricher.lookup(ip("2a02:2e0:3fe:1001:302::")))
        .isEqualTo(new GeoInfo("DE", "", 51.0, 9.0, 12306, "Plus.line AG"));
  }

  @Test
  void shouldTreatAnIpv4MappedIpv6AddressAsItsIpv4AddressAndShareItsCacheEntry() throws Exception {
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xFF;
    mapped[11] = (byte) 0xFF;
    System.arraycopy(ip("81.2.69.142"), 0, mapped, 12, 4);

    GeoInfo viaMapped = enricher.lookup(mapped);
    GeoInfo viaIpv4 = enricher.lookup(ip("81.2.69.142"));

    assertThat(viaMapped.city()).isEqualTo("Abingdon");
    assertThat(viaIpv4).isEqualTo(viaMapped);
    assertThat(registry.get("flow_enrichment_cache_misses").functionCounter().count()).isEqualTo(1);
    assertThat(registry.get("flow_enrichment_cache_hits").functionCounter().count()).isEqualTo(1);
  }

  @Test
  void shouldLeavePrivateAndSpecialAddressesUnknown() throws Exception {
    for (String address : new String[] {"10.0.0.1", "192.168.1.1", "172.16.5.4", "127.0.0.1", "100.64.0.1", "::1",
        "fd00::1", "fe80::1"}) {
      assertThat(enricher.lookup(ip(address))).as(address).isEqualTo(GeoInfo.UNKNOWN);
    }
    assertThat(registry.get("flow_geoip_lookup_errors").tag("database", "city").counter().count()).isZero();
  }

  @Test
  void shouldCountAddressesOfAWrongLengthAndLeaveThemUnknown() {
    assertThat(enricher.lookup(new byte[5])).isEqualTo(GeoInfo.UNKNOWN);
    assertThat(enricher.lookup(null)).isEqualTo(GeoInfo.UNKNOWN);

    assertThat(registry.get("flow_enrichment_invalid_addresses").counter().count()).isEqualTo(2);
  }

  @Test
  void shouldAnswerRepeatedAddressesFromTheCacheAndCountHitsAndMisses() throws Exception {
    for (int i = 0; i < 10; i++) {
      enricher.lookup(ip("8.8.8.8"));
      enricher.lookup(ip("1.1.1.1"));
    }

    assertThat(registry.get("flow_enrichment_cache_misses").functionCounter().count()).isEqualTo(2);
    assertThat(registry.get("flow_enrichment_cache_hits").functionCounter().count()).isEqualTo(18);
    assertThat(registry.get("flow_enrichment_cache_hit_ratio").gauge().value()).isCloseTo(0.9, within(1e-9));
    assertThat(registry.get("flow_enrichment_cache_size").gauge().value()).isEqualTo(2);
  }

  @Test
  void shouldEvictTheLeastRecentlyUsedAddressesBeyondTheCacheSize() throws Exception {
    SimpleMeterRegistry own = new SimpleMeterRegistry();
    try (GeoIpEnricher small = new GeoIpEnricher(config("city_database: " + city + "\ncache_size: 100\n"), own,
        new MetricsConfig())) {
      small.start();
      for (int i = 0; i < 1000; i++) {
        small.lookup(new byte[] {81, 2, (byte) (i >> 8), (byte) i});
      }
      // Caffeine evicts on its maintenance executor, shortly after the writes.
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        assertThat(own.get("flow_enrichment_cache_size").gauge().value()).isLessThanOrEqualTo(100);
        assertThat(own.get("flow_enrichment_cache_evictions").functionCounter().count()).isGreaterThanOrEqualTo(900);
      });
    }
  }

  @Test
  void shouldReportBothDatabasesLoadedAndTheirAgeAsOutdated() {
    for (String database : new String[] {"city", "asn"}) {
      assertThat(registry.get("flow_geoip_database_loaded").tag("database", database).gauge().value()).isEqualTo(1);
      // Built in November 2019: years older than the default max_age of 30 days.
      assertThat(registry.get("flow_geoip_database_age_seconds").tag("database", database).gauge().value())
          .isGreaterThan(Duration.ofDays(30).toSeconds());
      assertThat(registry.get("flow_geoip_database_outdated").tag("database", database).gauge().value()).isEqualTo(1);
    }
  }

  @Test
  void shouldWarnOnceAtStartWhenADatabaseIsOlderThanMaxAge() throws Exception {
    try (CapturedLog log = new CapturedLog(WatchedDatabase.class);
        GeoIpEnricher e = new GeoIpEnricher(config("city_database: " + city + "\nmax_age: 30d\n"
            + "reload_check_interval: 100ms\n"), new SimpleMeterRegistry(), new MetricsConfig())) {
      e.start();
      Thread.sleep(500); // several reload checks: the warning is not repeated for the same file
      assertThat(log.warnings()).hasSize(1);
      assertThat(log.warnings().get(0)).contains("GeoIP city database").contains("2019-11-12")
          .contains("older than max_age 30d");
    }
  }

  @Test
  void shouldNotWarnWhenTheDatabaseIsYoungerThanMaxAge() throws Exception {
    SimpleMeterRegistry own = new SimpleMeterRegistry();
    try (CapturedLog log = new CapturedLog(WatchedDatabase.class);
        GeoIpEnricher e = new GeoIpEnricher(config("asn_database: " + asn + "\nmax_age: 100000d\n"), own,
            new MetricsConfig())) {
      e.start();
      assertThat(log.warnings()).isEmpty();
      assertThat(own.get("flow_geoip_database_outdated").tag("database", "asn").gauge().value()).isZero();
    }
  }

  @Test
  void shouldNameMetricsAfterTheConfiguredNamespaceAndSubsystem() throws Exception {
    SimpleMeterRegistry own = new SimpleMeterRegistry();
    MetricsConfig names = new ConfigLoader(Map.of()).parse("namespace: netflow\nsubsystem: agg\n", MetricsConfig.class,
        "test");
    try (GeoIpEnricher e = new GeoIpEnricher(config("asn_database: " + asn + "\n"), own, names)) {
      e.start();
      assertThat(own.get("netflow_agg_geoip_database_loaded").tag("database", "asn").gauge().value()).isEqualTo(1);
    }
  }

  @Test
  void shouldRemoveItsMetricsAndAnswerUnknownAfterClose() throws Exception {
    enricher.close();

    assertThat(registry.find("flow_geoip_database_loaded").meters()).isEmpty();
    assertThat(enricher.lookup(ip("8.8.8.8"))).isEqualTo(GeoInfo.UNKNOWN);
  }
}

package io.flowlens.aggregator.enrich;

import static io.flowlens.aggregator.enrich.GeoIpEnricherTest.config;
import static io.flowlens.aggregator.enrich.GeoIpEnricherTest.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowlens.configuration.MetricsConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Database files replaced on disk while lookups run, as geoipupdate replaces them. */
class GeoIpReloadTest {
  private static final GeoInfo ABINGDON_FROM_CITY = new GeoInfo("GB", "Abingdon", 51.7095, -1.3614, 0, "");
  private static final GeoInfo ABINGDON_FROM_COUNTRY = new GeoInfo("GB", "", Double.NaN, Double.NaN, 0, "");
  private static final Duration CHECK = Duration.ofMillis(100);

  @TempDir Path dir;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private GeoIpEnricher enricher;

  @AfterEach
  void stopAll() throws InterruptedException {
    stop.set(true);
    for (Thread t : threads) {
      t.join(10_000);
    }
    if (enricher != null) {
      enricher.close();
    }
  }

  private Path startWithCity(int cacheSize) throws Exception {
    Path city = GeoLite2Files.copy(GeoLite2Files.CITY, dir.resolve("GeoLite2-City.mmdb"));
    enricher = new GeoIpEnricher(config("city_database: " + city + "\ncache_size: " + cacheSize
        + "\nreload_check_interval: " + CHECK.toMillis() + "ms\n"), registry, new MetricsConfig());
    enricher.start();
    return city;
  }

  private static void replace(Path target, Path with) throws Exception {
    Files.move(with, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private double counter(String name) {
    return registry.get(name).tag("database", "city").counter().count();
  }

  /**
   * Lookup threads that keep the readers busy (random addresses defeat the small cache) and check
   * every answer for 81.2.69.142: it must be what the City or the Country database says, nothing else.
   */
  private void startLookupThreads(int count, AtomicLong lookups, Queue<String> wrong) throws Exception {
    byte[] abingdon = ip("81.2.69.142");
    for (int n = 0; n < count; n++) {
      Random random = new Random(n);
      Thread t = new Thread(() -> {
        while (!stop.get()) {
          GeoInfo info = enricher.lookup(abingdon);
          if (!info.equals(ABINGDON_FROM_CITY) && !info.equals(ABINGDON_FROM_COUNTRY)) {
            wrong.add(info.toString());
          }
          byte[] other = new byte[4];
          random.nextBytes(other);
          enricher.lookup(other);
          lookups.addAndGet(2);
        }
      }, "lookup-" + n);
      threads.add(t);
      t.start();
    }
  }

  @Test
  void shouldServeTheReplacedDatabaseWithoutAFailedLookupWhileLookupsRun() throws Exception {
    Path city = startWithCity(64);
    AtomicLong lookups = new AtomicLong();
    Queue<String> wrong = new ConcurrentLinkedQueue<>();
    startLookupThreads(2, lookups, wrong);
    await().until(() -> lookups.get() > 10_000);

    replace(city, GeoLite2Files.copy(GeoLite2Files.COUNTRY, dir.resolve("download-1.mmdb")));
    await().atMost(Duration.ofSeconds(10))
        .until(() -> enricher.lookup(ip("81.2.69.142")).equals(ABINGDON_FROM_COUNTRY));
    long afterFirst = lookups.get();
    await().until(() -> lookups.get() > afterFirst + 10_000);

    replace(city, GeoLite2Files.copy(GeoLite2Files.CITY, dir.resolve("download-2.mmdb")));
    await().atMost(Duration.ofSeconds(10))
        .until(() -> enricher.lookup(ip("81.2.69.142")).equals(ABINGDON_FROM_CITY));
    long afterSecond = lookups.get();
    await().until(() -> lookups.get() > afterSecond + 10_000);
    stop.set(true);
    for (Thread t : threads) {
      t.join(10_000);
    }

    assertThat(wrong).isEmpty();
    assertThat(counter("flow_geoip_lookup_errors")).isZero();
    assertThat(counter("flow_geoip_database_reloads")).isEqualTo(2);
    assertThat(registry.get("flow_geoip_database_loaded").tag("database", "city").gauge().value()).isEqualTo(1);
  }

  @Test
  void shouldKeepTheLoadedDatabaseWhenTheReplacementIsCorrupt() throws Exception {
    Path city = startWithCity(1000);
    AtomicLong lookups = new AtomicLong();
    Queue<String> wrong = new ConcurrentLinkedQueue<>();
    try (CapturedLog log = new CapturedLog(WatchedDatabase.class)) {
      startLookupThreads(2, lookups, wrong);
      byte[] garbage = new byte[1 << 20];
      new Random(7).nextBytes(garbage);
      replace(city, Files.write(dir.resolve("download.mmdb"), garbage));

      await().atMost(Duration.ofSeconds(10)).until(() -> counter("flow_geoip_database_reload_failures") == 1);
      Thread.sleep(3 * CHECK.toMillis()); // the same broken file is neither retried nor reported again

      assertThat(counter("flow_geoip_database_reload_failures")).isEqualTo(1);
      assertThat(log.warnings()).filteredOn(w -> w.contains("cannot be opened")).singleElement().asString()
          .contains("keeping the previously loaded one");
    }
    // Not cached before: the reader that was kept answers it.
    assertThat(enricher.lookup(ip("128.101.101.101")).city()).isEqualTo("Minneapolis");
    assertThat(counter("flow_geoip_database_reloads")).isZero();
    assertThat(registry.get("flow_geoip_database_loaded").tag("database", "city").gauge().value()).isEqualTo(1);

    replace(city, GeoLite2Files.copy(GeoLite2Files.COUNTRY, dir.resolve("download-2.mmdb")));
    await().atMost(Duration.ofSeconds(10)).until(() -> counter("flow_geoip_database_reloads") == 1);
    assertThat(enricher.lookup(ip("81.2.69.142"))).isEqualTo(ABINGDON_FROM_COUNTRY);
    assertThat(wrong).isEmpty();
  }

  @Test
  void shouldKeepTheLoadedDatabaseWhenTheReplacementIsOfTheWrongType() throws Exception {
    Path city = startWithCity(1000);
    try (CapturedLog log = new CapturedLog(WatchedDatabase.class)) {
      replace(city, GeoLite2Files.copy(GeoLite2Files.ASN, dir.resolve("download.mmdb")));

      await().atMost(Duration.ofSeconds(10)).until(() -> counter("flow_geoip_database_reload_failures") == 1);
      assertThat(log.warnings()).anySatisfy(w -> assertThat(w).contains("is a GeoLite2-ASN database")
          .contains("city_database"));
    }
    assertThat(enricher.lookup(ip("81.2.69.142"))).isEqualTo(ABINGDON_FROM_CITY);
  }

  @Test
  void shouldKeepServingWhenTheFileIsDeletedAndLoadItWhenItComesBack() throws Exception {
    Path city = startWithCity(1000);
    try (CapturedLog log = new CapturedLog(WatchedDatabase.class)) {
      Files.delete(city);
      await().atMost(Duration.ofSeconds(10)).until(() -> log.warnings().stream().anyMatch(w -> w.contains("is gone")));

      assertThat(enricher.lookup(ip("81.2.69.142"))).isEqualTo(ABINGDON_FROM_CITY);

      GeoLite2Files.copy(GeoLite2Files.COUNTRY, city);
      await().atMost(Duration.ofSeconds(10))
          .until(() -> enricher.lookup(ip("81.2.69.142")).equals(ABINGDON_FROM_COUNTRY));
      assertThat(log.warnings()).filteredOn(w -> w.contains("is gone")).hasSize(1);
    }
  }
}

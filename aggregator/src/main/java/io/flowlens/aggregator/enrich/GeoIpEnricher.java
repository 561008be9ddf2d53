package io.flowlens.aggregator.enrich;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.flowlens.configuration.MetricsConfig;
import io.flowlens.logging.RateLimitedLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GeoIP and ASN enrichment from MaxMind GeoLite2/GeoIP2 databases: country, city, latitude and
 * longitude from the City database (or the country alone from a Country database), AS number and
 * organisation from the ASN database.
 *
 * <p>An LRU cache of {@code cache_size} addresses sits in front of the readers. The files are
 * checked every {@code reload_check_interval}; a replaced file (geoipupdate renames a new one over
 * it) is opened, swapped in atomically and the old reader closed once the lookups still reading it
 * have finished, so no lookup fails or waits during a reload. A file that is missing, unreadable or
 * of the wrong type leaves the current reader (or no enrichment) in place with a warning.
 *
 * <p>Thread-safe: Kafka Streams threads call {@link #lookup} concurrently. It never throws.
 */
public final class GeoIpEnricher implements AddressLookup, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GeoIpEnricher.class);

  private final GeoIpConfig config;
  private final MeterRegistry registry;
  private final MetricsConfig names;
  private final WatchedDatabase city;
  private final WatchedDatabase asn;
  private final Cache<AddressKey, GeoInfo> cache;
  // Part of every cache key, bumped on each swap: answers of a replaced reader are never served again.
  private final AtomicLong generation = new AtomicLong();
  private final List<Meter> meters = new ArrayList<>();
  // Set by start(), read by lookup threads.
  private volatile Counter invalidAddresses;
  private ScheduledExecutorService reloadChecks;

  public GeoIpEnricher(GeoIpConfig config, MeterRegistry registry, MetricsConfig names) {
    this.config = config;
    this.registry = registry;
    this.names = names;
    RateLimitedLog lookupLog = new RateLimitedLog(LOG, Duration.ofMinutes(1));
    this.city = new WatchedDatabase(WatchedDatabase.Role.CITY, config.cityDatabasePath(), config.maxAge(),
        Clock.systemUTC(), this::databaseSwapped, lookupLog);
    this.asn = new WatchedDatabase(WatchedDatabase.Role.ASN, config.asnDatabasePath(), config.maxAge(),
        Clock.systemUTC(), this::databaseSwapped, lookupLog);
    this.cache = Caffeine.newBuilder().maximumSize(config.cacheSize()).recordStats().build();
  }

  /** Registers the metrics, opens the configured databases and schedules the reload checks. */
  public void start() {
    registerMetrics();
    for (WatchedDatabase database : List.of(city, asn)) {
      if (database.isConfigured()) {
        database.check();
      } else {
        LOG.info("No GeoIP {} configured (aggregator.geoip.{}): {} labels stay empty", database.role().label,
            database.role().key, database.role().fields);
      }
    }
    if (!city.isConfigured() && !asn.isConfigured()) {
      return;
    }
    reloadChecks = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "flowlens-geoip-reload");
      thread.setDaemon(true);
      return thread;
    });
    long interval = config.reloadCheckInterval().toMillis();
    reloadChecks.scheduleWithFixedDelay(this::checkFiles, interval, interval, TimeUnit.MILLISECONDS);
  }

  private void checkFiles() {
    for (WatchedDatabase database : List.of(city, asn)) {
      try {
        database.check();
      } catch (RuntimeException e) {
        // An exception would end the schedule: the files would never be checked again.
        LOG.warn("GeoIP {} database check failed: {}", database.role().label, e.toString());
      }
    }
  }

  private void databaseSwapped() {
    generation.incrementAndGet();
    // Frees the entries of the previous generation now rather than waiting for LRU eviction.
    cache.invalidateAll();
  }

  @Override
  public GeoInfo lookup(byte[] address) {
    AddressKey key = AddressKey.of(address, generation.get());
    if (key == null) {
      if (invalidAddresses != null) {
        invalidAddresses.increment();
      }
      return GeoInfo.UNKNOWN;
    }
    GeoInfo cached = cache.getIfPresent(key);
    if (cached != null) {
      return cached;
    }
    InetAddress inet = key.toInetAddress();
    GeoInfo location = city.lookup(inet);
    GeoInfo network = asn.lookup(inet);
    GeoInfo info = merge(location, network);
    if (location != null && network != null) {
      // A failed lookup is not cached: the next flow of the address tries again.
      cache.put(key, info);
    }
    return info;
  }

  private static GeoInfo merge(GeoInfo location, GeoInfo network) {
    GeoInfo l = location == null ? GeoInfo.UNKNOWN : location;
    GeoInfo n = network == null ? GeoInfo.UNKNOWN : network;
    if (n.asn() == 0 && n.asOrganization().isEmpty()) {
      return l;
    }
    return new GeoInfo(l.country(), l.city(), l.latitude(), l.longitude(), n.asn(), n.asOrganization());
  }

  private void registerMetrics() {
    meters.addAll(city.register(registry, names));
    meters.addAll(asn.register(registry, names));
    invalidAddresses = Counter.builder(names.name("enrichment_invalid_addresses"))
        .description("Addresses handed to the enricher that were neither 4 nor 16 bytes; left unknown")
        .register(registry);
    meters.add(invalidAddresses);
    meters.add(FunctionCounter.builder(names.name("enrichment_cache_hits"), cache, c -> c.stats().hitCount())
        .description("Enrichment lookups answered by the cache").register(registry));
    meters.add(FunctionCounter.builder(names.name("enrichment_cache_misses"), cache, c -> c.stats().missCount())
        .description("Enrichment lookups that read the databases").register(registry));
    meters.add(FunctionCounter.builder(names.name("enrichment_cache_evictions"), cache,
            c -> c.stats().evictionCount())
        .description("Addresses evicted from the enrichment cache (least recently used)").register(registry));
    meters.add(Gauge.builder(names.name("enrichment_cache_hit_ratio"), cache, c -> c.stats().hitRate())
        .description("Share of enrichment lookups answered by the cache since start").register(registry));
    meters.add(Gauge.builder(names.name("enrichment_cache_size"), cache, Cache::estimatedSize)
        .description("Addresses in the enrichment cache").register(registry));
  }

  /** Stops the reload checks, closes the readers (after in-flight lookups) and removes the metrics. */
  @Override
  public void close() {
    if (reloadChecks != null) {
      reloadChecks.shutdownNow();
      try {
        if (!reloadChecks.awaitTermination(10, TimeUnit.SECONDS)) {
          LOG.warn("GeoIP reload check still running after 10 s at close");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      reloadChecks = null;
    }
    city.close();
    asn.close();
    cache.invalidateAll();
    meters.forEach(registry::remove);
    meters.clear();
  }
}

package io.flowlens.aggregator.enrich;

import com.maxmind.geoip2.exception.GeoIp2Exception;
import io.flowlens.configuration.Durations;
import io.flowlens.configuration.MetricsConfig;
import io.flowlens.logging.RateLimitedLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured database file ({@code city_database} or {@code asn_database}): the reader open on
 * it now, and the check that swaps in a new reader when the file is replaced on disk.
 *
 * <p>{@link #check()} runs on one thread only (start-up, then the reload schedule); lookups run on
 * any thread and only read {@link #current}.
 */
final class WatchedDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WatchedDatabase.class);

  /** The two roles a database file plays. */
  enum Role {
    CITY("city", "city_database", Set.of(OpenDatabase.Kind.CITY, OpenDatabase.Kind.COUNTRY), "country and city"),
    ASN("asn", "asn_database", Set.of(OpenDatabase.Kind.ASN), "ASN and AS organisation");

    final String label;
    final String key;
    final Set<OpenDatabase.Kind> accepts;
    final String fields;

    Role(String label, String key, Set<OpenDatabase.Kind> accepts, String fields) {
      this.label = label;
      this.key = key;
      this.accepts = accepts;
      this.fields = fields;
    }
  }

  private final Role role;
  private final Optional<Path> file;
  private final Duration maxAge;
  private final Clock clock;
  private final Runnable onSwap;
  private final RateLimitedLog lookupLog;
  private final AtomicReference<OpenDatabase> current = new AtomicReference<>();

  // Only the checking thread touches these.
  private FileIdentity lastSeen;
  private boolean missingReported;
  private OpenDatabase outdatedReported;

  private Counter reloads;
  private Counter reloadFailures;
  // Set by register() at start, read by lookup threads.
  private volatile Counter lookupErrors;

  WatchedDatabase(Role role, Optional<Path> file, Duration maxAge, Clock clock, Runnable onSwap,
      RateLimitedLog lookupLog) {
    this.role = role;
    this.file = file;
    this.maxAge = maxAge;
    this.clock = clock;
    this.onSwap = onSwap;
    this.lookupLog = lookupLog;
  }

  Role role() {
    return role;
  }

  boolean isConfigured() {
    return file.isPresent();
  }

  boolean isLoaded() {
    return current.get() != null;
  }

  /** Registers this database's meters, labelled {@code database="city|asn"}; returns them for removal. */
  List<Meter> register(MeterRegistry registry, MetricsConfig names) {
    reloads = Counter.builder(names.name("geoip_database_reloads"))
        .description("Database files replaced on disk and loaded without a restart")
        .tag("database", role.label).register(registry);
    reloadFailures = Counter.builder(names.name("geoip_database_reload_failures"))
        .description("Replaced database files that could not be opened (the previous reader kept serving)")
        .tag("database", role.label).register(registry);
    lookupErrors = Counter.builder(names.name("geoip_lookup_errors"))
        .description("Lookups the database reader failed; the address was left unknown")
        .tag("database", role.label).register(registry);
    Gauge loaded = Gauge.builder(names.name("geoip_database_loaded"), this, w -> w.isLoaded() ? 1 : 0)
        .description("1 when the database is loaded, 0 when enrichment from it is off (missing or unreadable file)")
        .tag("database", role.label).register(registry);
    Gauge age = Gauge.builder(names.name("geoip_database_age_seconds"), this, WatchedDatabase::ageSeconds)
        .description("Time since the loaded database was built (its metadata build epoch); NaN when none is loaded")
        .tag("database", role.label).register(registry);
    Gauge outdated = Gauge.builder(names.name("geoip_database_outdated"), this, w -> w.isOutdated() ? 1 : 0)
        .description("1 when the loaded database is older than aggregator.geoip.max_age")
        .tag("database", role.label).register(registry);
    return List.of(reloads, reloadFailures, lookupErrors, loaded, age, outdated);
  }

  double ageSeconds() {
    OpenDatabase db = current.get();
    return db == null ? Double.NaN : Duration.between(db.buildDate(), clock.instant()).toMillis() / 1000.0;
  }

  boolean isOutdated() {
    OpenDatabase db = current.get();
    return db != null && Duration.between(db.buildDate(), clock.instant()).compareTo(maxAge) > 0;
  }

  /**
   * What this database knows of the address: its fields of {@link GeoInfo}, the others unknown;
   * unknown when no database is loaded; null when the reader failed (counted and logged), so that
   * the caller does not cache the failure.
   */
  GeoInfo lookup(InetAddress address) {
    OpenDatabase db = acquire();
    if (db == null) {
      return GeoInfo.UNKNOWN;
    }
    try {
      return db.lookup(address);
    } catch (IOException | GeoIp2Exception | RuntimeException | InternalError e) {
      // InternalError: what the JVM raises when a memory-mapped file is truncated under the reader
      // (someone overwrote it in place instead of renaming a new file over it).
      lookupErrors.increment();
      lookupLog.warn("geoip-lookup-" + role.label, "GeoIP {} lookup of {} failed: {}", role.label,
          address.getHostAddress(), e.toString());
      return null;
    } finally {
      db.release();
    }
  }

  /** The loaded database with a reference taken, or null; a concurrent swap makes it retry on the new one. */
  private OpenDatabase acquire() {
    while (true) {
      OpenDatabase db = current.get();
      if (db == null || db.acquire()) {
        return db;
      }
    }
  }

  /**
   * Loads the file if it is new or changed since the last check. A file that is missing or cannot be
   * opened leaves the loaded reader (if any) serving, with one warning per file version.
   */
  void check() {
    if (file.isEmpty()) {
      return;
    }
    Path path = file.get();
    FileIdentity seen = FileIdentity.of(path);
    if (seen == null) {
      if (!missingReported) {
        missingReported = true;
        if (isLoaded()) {
          LOG.warn("GeoIP {} database {} is gone; keeping the loaded one until a new file appears", role.label, path);
        } else {
          LOG.warn("GeoIP {} database {} not found ({}): running without {} enrichment, labels empty, until the"
              + " file appears", role.label, path, role.key, role.fields);
        }
      }
      lastSeen = null;
      return;
    }
    missingReported = false;
    if (!seen.equals(lastSeen)) {
      lastSeen = seen;
      load(path, seen);
    }
    reportAge();
  }

  private void load(Path path, FileIdentity seen) {
    OpenDatabase fresh;
    try {
      fresh = OpenDatabase.open(path, seen);
    } catch (IOException | RuntimeException e) {
      reloadFailures.increment();
      LOG.warn("GeoIP {} database {} cannot be opened: {}; {}", role.label, path, e.toString(),
          isLoaded() ? "keeping the previously loaded one" : "running without " + role.fields + " enrichment");
      return;
    }
    if (!role.accepts.contains(fresh.kind())) {
      fresh.retire();
      reloadFailures.increment();
      LOG.warn("GeoIP {} database {} is a {} database, which cannot give {} ({}); {}", role.label, path,
          fresh.databaseType(), role.fields, role.key, isLoaded() ? "keeping the previously loaded one"
              : "running without " + role.fields + " enrichment");
      return;
    }
    OpenDatabase previous = current.getAndSet(fresh);
    onSwap.run();
    if (previous == null) {
      LOG.info("GeoIP {} database loaded file={} type={} built={}", role.label, path, fresh.databaseType(),
          fresh.buildDate());
    } else {
      Instant previousBuilt = previous.buildDate();
      previous.retire();
      reloads.increment();
      LOG.info("GeoIP {} database reloaded file={} type={} built={} previous_built={}", role.label, path,
          fresh.databaseType(), fresh.buildDate(), previousBuilt);
    }
  }

  /** Warns once per loaded file when it is (or becomes) older than max_age. */
  private void reportAge() {
    OpenDatabase db = current.get();
    if (db != null && db != outdatedReported && isOutdated()) {
      outdatedReported = db;
      Instant built = db.buildDate();
      LOG.warn("GeoIP {} database {} was built {} ({} days ago), older than max_age {}: run geoipupdate to refresh it",
          role.label, file.orElseThrow(), built, Duration.between(built, clock.instant()).toDays(),
          Durations.format(maxAge));
    }
  }

  /** Closes the loaded reader (after any lookup still reading it). */
  @Override
  public void close() {
    OpenDatabase db = current.getAndSet(null);
    if (db != null) {
      db.retire();
    }
  }
}

package io.flowlens.aggregator.enrich;

import io.flowlens.configuration.ConfigProblems;
import io.flowlens.configuration.Validated;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code aggregator.geoip:} — the MaxMind databases that enrich flows, and how they are cached and
 * watched. A configured file that does not exist is not an error: the aggregator runs without that
 * enrichment (label values empty) and picks the file up when it appears.
 */
public final class GeoIpConfig implements Validated {
  private static final int MAX_CACHE_SIZE = 100_000_000;

  private String cityDatabase = "";
  private String asnDatabase = "";
  private int cacheSize = 100_000;
  private Duration maxAge = Duration.ofDays(30);
  private Duration reloadCheckInterval = Duration.ofSeconds(60);

  /** The defaults: no databases, a cache of 100,000 addresses, warn past 30 days, check every 60 s. */
  public GeoIpConfig() {}

  /** A copy of this configuration that reads the given database files. */
  public GeoIpConfig withDatabases(Path city, Path asn) {
    GeoIpConfig copy = new GeoIpConfig();
    copy.cityDatabase = city.toString();
    copy.asnDatabase = asn.toString();
    copy.cacheSize = cacheSize;
    copy.maxAge = maxAge;
    copy.reloadCheckInterval = reloadCheckInterval;
    return copy;
  }

  /** True when no database file is configured at all. */
  public boolean noDatabases() {
    return cityDatabase().isEmpty() && asnDatabase().isEmpty();
  }

  /** Path of a GeoLite2/GeoIP2 City (or Country) .mmdb; empty for none. */
  public String cityDatabase() {
    return cityDatabase == null ? "" : cityDatabase;
  }

  /** Path of a GeoLite2/GeoIP2 ASN .mmdb; empty for none. */
  public String asnDatabase() {
    return asnDatabase == null ? "" : asnDatabase;
  }

  /** Addresses kept in the LRU cache in front of the readers. */
  public int cacheSize() {
    return cacheSize;
  }

  /** A database built longer ago than this is reported as outdated (warning and metric). */
  public Duration maxAge() {
    return maxAge;
  }

  /** How often the files are checked for replacement. */
  public Duration reloadCheckInterval() {
    return reloadCheckInterval;
  }

  Optional<Path> cityDatabasePath() {
    return pathOf(cityDatabase());
  }

  Optional<Path> asnDatabasePath() {
    return pathOf(asnDatabase());
  }

  private static Optional<Path> pathOf(String text) {
    return text.isBlank() ? Optional.empty() : Optional.of(Path.of(text.strip()));
  }

  @Override
  public void validate(String path, ConfigProblems problems) {
    checkDatabase(cityDatabase(), ConfigProblems.child(path, "city_database"), problems);
    checkDatabase(asnDatabase(), ConfigProblems.child(path, "asn_database"), problems);
    problems.check(cacheSize >= 1 && cacheSize <= MAX_CACHE_SIZE, ConfigProblems.child(path, "cache_size"),
        "must be 1.." + MAX_CACHE_SIZE + " addresses");
    problems.check(maxAge != null && !maxAge.isNegative() && !maxAge.isZero(), ConfigProblems.child(path, "max_age"),
        "must be a positive duration such as 30d");
    problems.check(reloadCheckInterval != null && reloadCheckInterval.toMillis() >= 100,
        ConfigProblems.child(path, "reload_check_interval"), "must be at least 100ms, such as 60s");
  }

  /** A file that is missing now may appear later; a path that can never be a database file is an error. */
  private static void checkDatabase(String text, String path, ConfigProblems problems) {
    if (text.isBlank()) {
      return;
    }
    try {
      Path file = Path.of(text.strip());
      problems.check(!Files.isDirectory(file), path, "'" + text + "' is a directory; name the .mmdb file in it");
    } catch (InvalidPathException e) {
      problems.add(path, "'" + text + "' is not a file path (" + e.getReason() + ")");
    }
  }
}

package io.flowlens.app;

import io.flowlens.aggregator.enrich.GeoIpConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The GeoLite2 City and ASN databases of November 2019 that ship with flowlens (Maven artifact
 * org.elasticsearch:geolite2-databases, CC BY-SA 4.0, by MaxMind): {@code all-in-one --demo} unpacks
 * them into the data directory when the configuration names no databases, so that the demo shows
 * countries and AS organisations out of the box. Production configurations point
 * {@code aggregator.geoip} at current files that geoipupdate keeps fresh.
 */
final class DemoGeoIpDatabases {
  static final String CITY = "GeoLite2-City.mmdb";
  static final String ASN = "GeoLite2-ASN.mmdb";

  private DemoGeoIpDatabases() {}

  /** {@code configured} with the bundled databases unpacked under {@code dataDir/geoip-demo}. */
  static GeoIpConfig unpack(GeoIpConfig configured, Path dataDir) {
    Path dir = dataDir.resolve("geoip-demo");
    return configured.withDatabases(unpack(CITY, dir), unpack(ASN, dir));
  }

  private static Path unpack(String name, Path dir) {
    Path target = dir.resolve(name);
    if (Files.isRegularFile(target)) {
      return target;
    }
    try (InputStream in = DemoGeoIpDatabases.class.getResourceAsStream("/" + name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is not on the classpath (org.elasticsearch:geolite2-databases)");
      }
      Files.createDirectories(dir);
      Path partial = dir.resolve(name + ".partial");
      Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack the demo GeoIP database " + name + " into " + dir, e);
    }
  }
}

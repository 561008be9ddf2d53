package io.flowlens.aggregator.enrich;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The real GeoLite2 databases of the test dependency org.elasticsearch:geolite2-databases:20191119
 * (CC BY-SA 4.0, built by MaxMind in November 2019), copied out of the jar into a test's directory.
 */
final class GeoLite2Files {
  static final String CITY = "GeoLite2-City.mmdb";
  static final String COUNTRY = "GeoLite2-Country.mmdb";
  static final String ASN = "GeoLite2-ASN.mmdb";

  private GeoLite2Files() {}

  /** Copies the jar entry to {@code target}, replacing it by a rename as geoipupdate does. */
  static Path copy(String entry, Path target) {
    Path partial = target.resolveSibling(target.getFileName() + ".partial");
    try (InputStream in = GeoLite2Files.class.getResourceAsStream("/" + entry)) {
      if (in == null) {
        throw new IllegalStateException(entry + " is not on the test classpath (org.elasticsearch:geolite2-databases)");
      }
      Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
      return Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

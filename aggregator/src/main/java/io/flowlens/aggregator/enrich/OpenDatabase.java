package io.flowlens.aggregator.enrich;

import com.maxmind.db.Reader;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.AsnResponse;
import com.maxmind.geoip2.model.CityResponse;
import com.maxmind.geoip2.model.CountryResponse;
import com.maxmind.geoip2.record.Location;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One opened .mmdb file. Lookups hold a reference while they read it, so that a reader replaced by
 * a reload is closed only once the last lookup that started on it has finished — never under a
 * lookup, never later than that.
 */
final class OpenDatabase {
  private static final Logger LOG = LoggerFactory.getLogger(OpenDatabase.class);

  /** What the file can answer, from its metadata's database type. */
  enum Kind {
    CITY, COUNTRY, ASN;

    static Optional<Kind> of(String databaseType) {
      if (databaseType.contains("City")) {
        return Optional.of(CITY);
      } else if (databaseType.contains("Country")) {
        return Optional.of(COUNTRY);
      } else if (databaseType.contains("ASN")) {
        return Optional.of(ASN);
      }
      return Optional.empty();
    }
  }

  private final DatabaseReader reader;
  private final Kind kind;
  private final FileIdentity identity;
  // The owner's reference is the 1; it is given up by retire(). At 0 the reader is closed and no
  // lookup may acquire it any more.
  private final AtomicInteger references = new AtomicInteger(1);

  private OpenDatabase(DatabaseReader reader, Kind kind, FileIdentity identity) {
    this.reader = reader;
    this.kind = kind;
    this.identity = identity;
  }

  /**
   * Opens a database file, memory-mapped: the page cache holds it, not the heap, and a file replaced
   * by a rename (as geoipupdate does) leaves this mapping intact. No node cache: the enricher's own
   * cache sits in front.
   */
  static OpenDatabase open(Path file, FileIdentity identity) throws IOException {
    DatabaseReader reader = new DatabaseReader.Builder(file.toFile())
        .fileMode(Reader.FileMode.MEMORY_MAPPED)
        .locales(List.of("en"))
        .build();
    String type = reader.getMetadata().getDatabaseType();
    Optional<Kind> kind = Kind.of(type);
    if (kind.isEmpty()) {
      reader.close();
      throw new IOException("its database type " + type + " is neither a City, Country nor ASN database");
    }
    return new OpenDatabase(reader, kind.get(), identity);
  }

  Kind kind() {
    return kind;
  }

  String databaseType() {
    return reader.getMetadata().getDatabaseType();
  }

  Instant buildDate() {
    return reader.getMetadata().getBuildDate().toInstant();
  }

  FileIdentity identity() {
    return identity;
  }

  /** The fields this database knows of the address; the others unknown. Call between acquire and release. */
  GeoInfo lookup(InetAddress address) throws IOException, GeoIp2Exception {
    return switch (kind) {
      case CITY -> reader.tryCity(address).map(OpenDatabase::of).orElse(GeoInfo.UNKNOWN);
      case COUNTRY -> reader.tryCountry(address).map(OpenDatabase::of).orElse(GeoInfo.UNKNOWN);
      case ASN -> reader.tryAsn(address).map(OpenDatabase::of).orElse(GeoInfo.UNKNOWN);
    };
  }

  private static GeoInfo of(CityResponse r) {
    Location location = r.getLocation();
    return new GeoInfo(r.getCountry().getIsoCode(), r.getCity().getName(), orNaN(location.getLatitude()),
        orNaN(location.getLongitude()), 0, "");
  }

  private static GeoInfo of(CountryResponse r) {
    return new GeoInfo(r.getCountry().getIsoCode(), "", Double.NaN, Double.NaN, 0, "");
  }

  private static GeoInfo of(AsnResponse r) {
    Long number = r.getAutonomousSystemNumber();
    return new GeoInfo("", "", Double.NaN, Double.NaN, number == null ? 0 : number, r.getAutonomousSystemOrganization());
  }

  private static double orNaN(Double value) {
    return value == null ? Double.NaN : value;
  }

  /** Takes a reference for one lookup; false once the database has been retired and closed. */
  boolean acquire() {
    while (true) {
      int n = references.get();
      if (n == 0) {
        return false;
      }
      if (references.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /** Gives back a reference taken by {@link #acquire()}. */
  void release() {
    if (references.decrementAndGet() == 0) {
      closeReader();
    }
  }

  /** Gives up the owner's reference: the reader closes now, or when the last lookup on it releases. */
  void retire() {
    release();
  }

  boolean isClosed() {
    return references.get() == 0;
  }

  private void closeReader() {
    try {
      reader.close();
    } catch (IOException e) {
      // This may run on a lookup thread, which must not fail for it; the mapping goes with the GC.
      LOG.warn("closing the replaced {} reader failed: {}", databaseType(), e.toString());
    }
  }
}

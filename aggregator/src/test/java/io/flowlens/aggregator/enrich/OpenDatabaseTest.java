package io.flowlens.aggregator.enrich;

import static io.flowlens.aggregator.enrich.GeoIpEnricherTest.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.maxmind.db.ClosedDatabaseException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reference counting that lets a replaced reader finish the lookups already on it. */
class OpenDatabaseTest {
  @TempDir Path dir;

  private OpenDatabase open(String entry) throws Exception {
    Path file = GeoLite2Files.copy(entry, dir.resolve(entry));
    return OpenDatabase.open(file, FileIdentity.of(file));
  }

  @Test
  void shouldCloseARetiredReaderOnlyWhenTheLastLookupOnItReleases() throws Exception {
    OpenDatabase db = open(GeoLite2Files.ASN);
    InetAddress google = InetAddress.getByAddress(ip("8.8.8.8"));
    assertThat(db.acquire()).isTrue();
    assertThat(db.acquire()).isTrue();

    db.retire();
    assertThat(db.isClosed()).isFalse();
    assertThat(db.lookup(google).asOrganization()).isEqualTo("Google LLC");
    db.release();
    assertThat(db.lookup(google).asn()).isEqualTo(15169);
    db.release();

    assertThat(db.isClosed()).isTrue();
    assertThat(db.acquire()).isFalse();
    assertThatThrownBy(() -> db.lookup(google)).isInstanceOf(ClosedDatabaseException.class);
  }

  @Test
  void shouldTellTheKindOfDatabaseFromItsMetadata() throws Exception {
    assertThat(open(GeoLite2Files.CITY).kind()).isEqualTo(OpenDatabase.Kind.CITY);
    assertThat(open(GeoLite2Files.COUNTRY).kind()).isEqualTo(OpenDatabase.Kind.COUNTRY);
    assertThat(open(GeoLite2Files.ASN).kind()).isEqualTo(OpenDatabase.Kind.ASN);
  }

  @Test
  void shouldRefuseAFileThatIsNotAMaxMindDatabase() throws Exception {
    Path file = Files.writeString(dir.resolve("not.mmdb"), "not a database");

    assertThatThrownBy(() -> OpenDatabase.open(file, FileIdentity.of(file)))
        .isInstanceOf(java.io.IOException.class);
  }
}

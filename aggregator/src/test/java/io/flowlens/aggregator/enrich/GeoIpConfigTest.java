package io.flowlens.aggregator.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonMerge;
import io.flowlens.configuration.ConfigException;
import io.flowlens.configuration.ConfigLoader;
import io.flowlens.configuration.ConfigProblem;
import io.flowlens.configuration.ConfigProblems;
import io.flowlens.configuration.Validated;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code aggregator.geoip} section, loaded where it sits in the aggregator's file. */
class GeoIpConfigTest {
  /** The shape of the aggregator's root: {@code aggregator: {geoip: {...}}}. */
  static final class Root implements Validated {
    static final class Aggregator implements Validated {
      @JsonMerge private GeoIpConfig geoip = new GeoIpConfig();

      @Override
      public void validate(String path, ConfigProblems problems) {
        problems.validate(geoip, ConfigProblems.child(path, "geoip"));
      }
    }

    @JsonMerge private Aggregator aggregator = new Aggregator();

    GeoIpConfig geoip() {
      return aggregator.geoip;
    }

    @Override
    public void validate(String path, ConfigProblems problems) {
      problems.validate(aggregator, ConfigProblems.child(path, "aggregator"));
    }
  }

  @TempDir Path dir;

  private static GeoIpConfig load(String yaml) throws ConfigException {
    return new ConfigLoader(Map.of("GEOIP_DIR", "/var/lib/GeoIP")).parse(yaml, Root.class, "test.yaml").geoip();
  }

  private static Map<String, String> problems(String yaml) {
    try {
      load(yaml);
    } catch (ConfigException e) {
      return e.problems().stream().collect(java.util.stream.Collectors.toMap(ConfigProblem::path,
          ConfigProblem::message));
    }
    throw new AssertionError("no problems in " + yaml);
  }

  @Test
  void shouldDefaultToNoDatabasesAndAHundredThousandCachedAddresses() throws Exception {
    GeoIpConfig config = load("");

    assertThat(config.cityDatabase()).isEmpty();
    assertThat(config.asnDatabase()).isEmpty();
    assertThat(config.cacheSize()).isEqualTo(100_000);
    assertThat(config.maxAge()).isEqualTo(Duration.ofDays(30));
    assertThat(config.reloadCheckInterval()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void shouldReadEveryKeyKeepingTheDefaultsOfTheOthers() throws Exception {
    GeoIpConfig config = load("""
        aggregator:
          geoip:
            city_database: ${GEOIP_DIR}/GeoLite2-City.mmdb
            asn_database: /data/GeoLite2-ASN.mmdb
            max_age: 45d
        """);

    assertThat(config.cityDatabase()).isEqualTo("/var/lib/GeoIP/GeoLite2-City.mmdb");
    assertThat(config.asnDatabase()).isEqualTo("/data/GeoLite2-ASN.mmdb");
    assertThat(config.maxAge()).isEqualTo(Duration.ofDays(45));
    assertThat(config.cacheSize()).isEqualTo(100_000);
    assertThat(config.reloadCheckInterval()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void shouldAcceptADatabaseFileThatDoesNotExistYet() throws Exception {
    GeoIpConfig config = load("aggregator: {geoip: {city_database: " + dir.resolve("later.mmdb") + "}}");

    assertThat(config.cityDatabasePath()).contains(dir.resolve("later.mmdb"));
  }

  @Test
  void shouldNameEveryBadValueByItsYamlPath() {
    Map<String, String> problems = problems("""
        aggregator:
          geoip:
            city_database: %s
            cache_size: lots
            max_age: 0s
            reload_check_interval: 10ms
            refresh: true
        """.formatted(dir));

    assertThat(problems).containsOnlyKeys("aggregator.geoip.city_database", "aggregator.geoip.cache_size",
        "aggregator.geoip.max_age", "aggregator.geoip.reload_check_interval", "aggregator.geoip.refresh");
    assertThat(problems.get("aggregator.geoip.city_database")).contains("is a directory");
    assertThat(problems.get("aggregator.geoip.cache_size")).contains("'lots' is not a whole number");
    assertThat(problems.get("aggregator.geoip.refresh")).contains("unknown key").contains("reload_check_interval");
  }

  @Test
  void shouldRejectACacheOfNoAddressesAndADatabaseGivenAsAList() {
    Map<String, String> problems = problems("aggregator: {geoip: {cache_size: 0, asn_database: [a, b]}}");

    assertThat(problems.get("aggregator.geoip.cache_size")).contains("must be 1..");
    // The loader names the first element of the list it did not expect.
    assertThat(problems.keySet()).anySatisfy(k -> assertThat(k).startsWith("aggregator.geoip.asn_database"));
    assertThat(problems.values()).anySatisfy(m -> assertThat(m).contains("expected a text value but found a list"));
  }

  @Test
  void shouldRejectAPathWithANulCharacter() {
    assertThatThrownBy(() -> load("aggregator: {geoip: {asn_database: \"a\\0b\"}}"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("aggregator.geoip.asn_database");
  }
}

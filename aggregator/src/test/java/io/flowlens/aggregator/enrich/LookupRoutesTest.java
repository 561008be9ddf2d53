package io.flowlens.aggregator.enrich;

import static io.flowlens.aggregator.enrich.GeoIpEnricherTest.config;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowlens.configuration.HttpConfig;
import io.flowlens.configuration.MetricsConfig;
import io.flowlens.http.HttpServer;
import io.flowlens.http.MetricsRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/lookup} through the process's real HTTP server on a free port. */
class LookupRoutesTest {
  @TempDir static Path dir;
  static PrometheusMeterRegistry registry;
  static GeoIpEnricher enricher;
  static HttpServer server;
  static final HttpClient client = HttpClient.newHttpClient();
  static final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    Path city = GeoLite2Files.copy(GeoLite2Files.CITY, dir.resolve("GeoLite2-City.mmdb"));
    Path asn = GeoLite2Files.copy(GeoLite2Files.ASN, dir.resolve("GeoLite2-ASN.mmdb"));
    registry = MetricsRegistry.create();
    enricher = new GeoIpEnricher(config("city_database: " + city + "\nasn_database: " + asn + "\n"), registry,
        new MetricsConfig());
    enricher.start();
    server = new HttpServer(HttpConfig.onPort(0), registry, List.of(new LookupRoutes(enricher)), List.of());
    server.start();
  }

  @AfterAll
  static void stop() {
    server.close();
    enricher.close();
  }

  private static HttpResponse<String> get(String pathAndQuery) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery)).build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> lookup(String ip) throws Exception {
    return get("/api/lookup?ip=" + URLEncoder.encode(ip, StandardCharsets.UTF_8));
  }

  @Test
  void shouldAnswerWithCountryCityLocationAndAs() throws Exception {
    HttpResponse<String> response = lookup("81.2.69.142");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
        .startsWith("application/json"));
    assertThat(json.readTree(response.body())).isEqualTo(json.readTree("""
        {"ip": "81.2.69.142", "country": "GB", "city": "Abingdon", "latitude": 51.7095, "longitude": -1.3614,
         "asn": 20712, "as_organization": "Andrews & Arnold Ltd"}
        """));
  }

  @Test
  void shouldAnswerForAnIpv6AddressWithNullForTheUnknownCity() throws Exception {
    JsonNode body = json.readTree(lookup("2001:4860:4860::8888").body());

    assertThat(body.get("country").asText()).isEqualTo("US");
    assertThat(body.get("city").isNull()).isTrue();
    assertThat(body.get("asn").asLong()).isEqualTo(15169);
    assertThat(body.get("as_organization").asText()).isEqualTo("Google LLC");
  }

  @Test
  void shouldAnswerNullsForAPrivateAddress() throws Exception {
    JsonNode body = json.readTree(lookup("10.1.2.3").body());

    assertThat(body.get("ip").asText()).isEqualTo("10.1.2.3");
    for (String field : new String[] {"country", "city", "latitude", "longitude", "asn", "as_organization"}) {
      assertThat(body.get(field).isNull()).as(field).isTrue();
    }
  }

  @Test
  void shouldRefuseAHostNameWithoutResolvingIt() throws Exception {
    HttpResponse<String> response = lookup("dns.google");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json.readTree(response.body()).get("error").asText())
        .isEqualTo("'dns.google' is not an IPv4 or IPv6 address literal (host names are not resolved)");
  }

  @Test
  void shouldRefuseAMissingOrMalformedIp() throws Exception {
    assertThat(get("/api/lookup").statusCode()).isEqualTo(400);
    assertThat(json.readTree(get("/api/lookup").body()).get("error").asText()).contains("missing query parameter ip");
    assertThat(lookup("300.1.1.1").statusCode()).isEqualTo(400);
    assertThat(lookup("1::2::3").statusCode()).isEqualTo(400);
  }

  @Test
  void shouldExposeTheEnrichmentMetricsOnMetrics() throws Exception {
    lookup("8.8.8.8");
    lookup("8.8.8.8");

    String metrics = get("/metrics").body();
    assertThat(metrics).contains("flow_geoip_database_age_seconds{database=\"city\"}")
        .contains("flow_geoip_database_loaded{database=\"asn\"} 1")
        .contains("flow_geoip_database_reloads_total{database=\"city\"} 0")
        .contains("flow_geoip_lookup_errors_total{database=\"city\"} 0")
        .contains("flow_enrichment_cache_hits_total")
        .contains("flow_enrichment_cache_misses_total")
        .contains("flow_enrichment_cache_hit_ratio");
  }
}

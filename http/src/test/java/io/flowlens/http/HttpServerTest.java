package io.flowlens.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.configuration.ConfigLoader;
import io.flowlens.configuration.HttpConfig;
import io.flowlens.configuration.Validated;
import io.flowlens.configuration.ConfigProblems;
import com.fasterxml.jackson.annotation.JsonMerge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class HttpServerTest {
  /** A root section holding one listener, as the product's sections do. */
  static final class Root implements Validated {
    @JsonMerge private HttpConfig http = HttpConfig.onPort(8080);

    @Override
    public void validate(String path, ConfigProblems problems) {
      problems.validate(http, ConfigProblems.child(path, "http"));
    }
  }

  private static HttpConfig anyFreePort() throws Exception {
    return new ConfigLoader(Map.of()).parse("http: {address: 127.0.0.1, port: 0}", Root.class, "test").http;
  }

  private static HttpResponse<String> get(int port, String path, String accept) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (accept != null) {
      request.header("Accept", accept);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldGzipMetricsWhenTheScraperAsksAndServeTheSameText() throws Exception {
    PrometheusMeterRegistry registry = MetricsRegistry.create();
    // Enough series that the body is well over the compression threshold, as a real scrape's is.
    for (int i = 0; i < 2000; i++) {
      registry.counter("flow_received_packets", "exporter", "10.0." + i / 256 + "." + i % 256).increment(i);
    }
    try (HttpServer server = new HttpServer(anyFreePort(), registry, List.of(), List.of())) {
      server.start();
      URI uri = URI.create("http://127.0.0.1:" + server.port() + "/metrics");
      HttpResponse<byte[]> gzipped = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
          .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
      HttpResponse<String> plain = get(server.port(), "/metrics", null);

      assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
      assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
      String unzipped;
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
        unzipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      assertThat(gzipped.body().length).isLessThan(plain.body().length() / 4);
      // The JVM metrics move between two scrapes; the counters do not.
      assertThat(counterLines(unzipped)).hasSize(2000).isEqualTo(counterLines(plain.body()));
      assertThat(plain.body()).contains("flow_received_packets_total{exporter=\"10.0.7.207\"} 1999.0\n");
    }
  }

  private static List<String> counterLines(String body) {
    return body.lines().filter(l -> l.startsWith("flow_received_packets_total{")).toList();
  }

  @Test
  void shouldServeMetricsInTheFormatTheScraperAsksFor() throws Exception {
    PrometheusMeterRegistry registry = MetricsRegistry.create();
    registry.counter("flow_received_packets", "protocol", "ipfix").increment(3);
    try (HttpServer server = new HttpServer(anyFreePort(), registry, List.of(), List.of())) {
      server.start();

      HttpResponse<String> text = get(server.port(), "/metrics", null);
      assertThat(text.statusCode()).isEqualTo(200);
      assertThat(text.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
      assertThat(text.body()).contains("flow_received_packets_total{protocol=\"ipfix\"} 3.0")
          .contains("jvm_memory_used_bytes");

      HttpResponse<String> open = get(server.port(), "/metrics", "application/openmetrics-text; version=1.0.0");
      assertThat(open.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("application/openmetrics-text"));
      assertThat(open.body()).contains("flow_received_packets_total{protocol=\"ipfix\"} 3.0").endsWith("# EOF\n");
    }
  }

  @Test
  void shouldBeReadyOnlyWhenEveryCheckPasses() throws Exception {
    AtomicReference<String> reason = new AtomicReference<>("Kafka Streams is REBALANCING");
    ReadinessCheck aggregator = new ReadinessCheck() {
      @Override
      public String name() {
        return "aggregator";
      }

      @Override
      public String notReadyReason() {
        return reason.get();
      }
    };
    try (HttpServer server = new HttpServer(anyFreePort(), MetricsRegistry.create(), List.of(), List.of(aggregator))) {
      server.start();
      assertThat(get(server.port(), "/healthz", null).statusCode()).isEqualTo(200);
      HttpResponse<String> notReady = get(server.port(), "/readyz", null);
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.body()).contains("aggregator: Kafka Streams is REBALANCING");
      reason.set(null);
      assertThat(get(server.port(), "/readyz", null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void shouldServeTheRoutesTheTiersAdd() throws Exception {
    HttpRoutes api = app -> app.get("/api/ping", ctx -> ctx.json(Map.of("pong", true)));
    try (HttpServer server = new HttpServer(anyFreePort(), MetricsRegistry.create(), List.of(api), List.of())) {
      server.start();
      assertThat(get(server.port(), "/api/ping", null).body()).isEqualTo("{\"pong\":true}");
    }
  }
}

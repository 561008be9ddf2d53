package io.flowlens.http;

import io.flowlens.configuration.HttpConfig;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server of a flowlens process (Javalin): {@code /metrics} in the Prometheus text format or
 * OpenMetrics, as the scraper's {@code Accept} header asks; {@code /healthz} (the process is up);
 * {@code /readyz} (every {@link ReadinessCheck} passes); plus the routes the tiers add.
 */
public final class HttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
  /**
   * Responses are gzipped when the client asks (Prometheus always does) at level 1, not Javalin's 6:
   * the exposition is so repetitive that level 1 compresses it nearly as well (see docs/performance.md)
   * for a fraction of the CPU time; at level 6 compressing took about a third of a 10 k-series scrape's CPU.
   */
  private static final int GZIP_LEVEL = 1;

  private final HttpConfig config;
  private final PrometheusMeterRegistry registry;
  private final List<HttpRoutes> routes;
  private final List<ReadinessCheck> readinessChecks;
  private final ExpositionFormats formats = ExpositionFormats.init();
  private Javalin app;

  public HttpServer(HttpConfig config, PrometheusMeterRegistry registry, List<HttpRoutes> routes,
      List<ReadinessCheck> readinessChecks) {
    this.config = config;
    this.registry = registry;
    this.routes = List.copyOf(routes);
    this.readinessChecks = List.copyOf(readinessChecks);
  }

  public void start() {
    app = Javalin.create(c -> {
      c.showJavalinBanner = false;
      c.startupWatcherEnabled = false;
      c.useVirtualThreads = false;
      c.http.gzipOnlyCompression(GZIP_LEVEL);
    });
    app.get("/metrics", this::metrics);
    app.get("/healthz", ctx -> ctx.result("ok\n"));
    app.get("/readyz", this::readiness);
    routes.forEach(r -> r.addTo(app));
    app.start(config.address(), config.port());
    LOG.info("HTTP server listening address={} port={}", config.address(), port());
  }

  /** The bound port (the configured one, or the one the system chose for port 0). */
  public int port() {
    return app.port();
  }

  private void metrics(Context ctx) throws IOException {
    ExpositionFormatWriter writer = formats.findWriter(ctx.header("Accept"));
    MetricSnapshots snapshots = registry.getPrometheusRegistry().scrape();
    ctx.contentType(writer.getContentType());
    // Written straight to the response (chunked, gzipped when asked) rather than into a buffer first:
    // at 10 k series the body is megabytes, and copying it twice cost as much as writing it.
    writer.write(ctx.outputStream(), snapshots);
  }

  private void readiness(Context ctx) {
    Map<String, String> notReady = new LinkedHashMap<>();
    List<String> ready = new ArrayList<>();
    for (ReadinessCheck check : readinessChecks) {
      String reason = check.notReadyReason();
      if (reason == null) {
        ready.add(check.name());
      } else {
        notReady.put(check.name(), reason);
      }
    }
    if (notReady.isEmpty()) {
      ctx.result("ready" + (ready.isEmpty() ? "" : ": " + String.join(", ", ready)) + "\n");
    } else {
      ctx.status(HttpStatus.SERVICE_UNAVAILABLE);
      StringBuilder text = new StringBuilder("not ready\n");
      notReady.forEach((name, reason) -> text.append(name).append(": ").append(reason).append('\n'));
      ctx.result(text.toString());
    }
  }

  @Override
  public void close() {
    if (app != null) {
      app.stop();
      app = null;
    }
  }
}

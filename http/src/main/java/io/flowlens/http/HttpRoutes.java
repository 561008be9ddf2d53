package io.flowlens.http;

import io.javalin.Javalin;

/** Routes a tier adds to the one HTTP server of the process (the aggregator's {@code /api/...}). */
@FunctionalInterface
public interface HttpRoutes {
  void addTo(Javalin app);
}
